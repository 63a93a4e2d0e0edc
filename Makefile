# CLIPLab — two commands: `make run` (build and start the REPL) and `make test`.
SYSTEM_PACKAGES := libopenblas-dev libreadline-dev libpng-dev libjpeg-dev libzmq3-dev libssl-dev pkg-config
TEST_PACKAGES   := tmux valgrind
SWIFT_FLAGS     := -c release -Xswiftc -enable-testing
BIN             := .build/release/cliplab

.PHONY: run build test deps test-deps bench gemm-reference fuzz fixtures clean

# Installs the Debian packages that are missing (only those), with sudo when not root.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(SYSTEM_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_PACKAGES))

build: deps
	swift build $(SWIFT_FLAGS) --product cliplab

run: build
	$(BIN)

# Release mode: the numeric tests (parity, training) are slow unoptimised.
# Each phase's time is printed at the end (Tests/phases.sh). The lessons in both languages and
# in Jupyter train each distinct toy once: the first run is kept in TRAIN_CACHE for this run
# (a seeded toy run is the same bits anywhere; see TrainCache.swift), emptied at the start.
# The tests that run help examples use it too. The lesson check and the Jupyter run go beside
# the Swift tests, training on one thread (the same bits), so both cores stay busy.
TRAIN_CACHE := $(CURDIR)/.build/train-cache
test: test-deps
	@rm -rf $(TRAIN_CACHE)
	@Tests/phases.sh "build=swift build $(SWIFT_FLAGS) --build-tests" \
	  "tests=CLIPLAB_TEST_TRAIN_CACHE=$(TRAIN_CACHE) swift test $(SWIFT_FLAGS) --skip-build" \
	  "&lessons=CLIPLAB_THREADS=1 CLIPLAB_TRAIN_CACHE=$(TRAIN_CACHE) $(BIN) lesson check" \
	  "&jupyter=CLIPLAB_THREADS=1 CLIPLAB_TRAIN_CACHE=$(TRAIN_CACHE) $(MAKE) --no-print-directory test-jupyter"

# Conformance with the real Jupyter client libraries: a virtualenv with the packages pinned in
# Tests/Jupyter/requirements.txt, made once under the build folder (needs PyPI the first time),
# the kernelspec installed into it, then jupyter_kernel_test's suite and every lesson exported
# as .ipynb and executed with nbclient, compared with the recorded outputs. JUPYTER_PATH puts
# this kernelspec first; HOME is a scratch folder, so nothing of the user's is read or written.
JUPYTER_ENV    := .build/jupyter-env
JUPYTER_PYTHON := $(JUPYTER_ENV)/bin/python
.PHONY: test-jupyter jupyter-env
jupyter-env: $(JUPYTER_ENV)/.installed
$(JUPYTER_ENV)/.installed: Tests/Jupyter/requirements.txt
	rm -rf $(JUPYTER_ENV)
	$(PYTHON) -m venv $(JUPYTER_ENV)
	$(JUPYTER_PYTHON) -m pip install -q --disable-pip-version-check -r Tests/Jupyter/requirements.txt
	touch $@
test-jupyter: $(JUPYTER_ENV)/.installed
	@scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	$(BIN) kernel install --prefix $(JUPYTER_ENV) >/dev/null && \
	$(BIN) lesson export all --ipynb "$$scratch/lessons" && \
	HOME="$$scratch" JUPYTER_PATH="$(CURDIR)/$(JUPYTER_ENV)/share/jupyter" CLIPLAB_LANG=en \
	  $(JUPYTER_PYTHON) -m unittest -v Tests/Jupyter/test_kernel.py && \
	HOME="$$scratch" JUPYTER_PATH="$(CURDIR)/$(JUPYTER_ENV)/share/jupyter" CLIPLAB_LANG=en \
	  $(JUPYTER_PYTHON) Tests/Jupyter/run_lessons.py "$$scratch/lessons" $(CURDIR)

# The BLAS ceiling `bench gemm` prints beside its own numbers: C calling cblas_sgemm alone.
GEMM_REFERENCE := $(dir $(BIN))gemm-reference
gemm-reference: $(GEMM_REFERENCE)
$(GEMM_REFERENCE): Tests/Reference/gemm_reference.c
	@mkdir -p $(dir $@)
	gcc -O2 -o $@ $< $$(pkg-config --cflags --libs openblas)

# The reference environment: a virtualenv with the packages pinned in
# Tests/Reference/requirements.txt (torch, transformers, open_clip, scikit-learn, Pillow), made
# once by `make reference-env` (needs PyPI). PYTHON creates it; REFERENCE_PYTHON runs the
# scripts (point it at an existing environment to skip the install).
PYTHON           ?= python3
VENV             ?= .venv-reference
REFERENCE_PYTHON ?= $(VENV)/bin/python
.PHONY: reference-env
reference-env: $(REFERENCE_PYTHON)
$(VENV)/bin/python: Tests/Reference/requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -r Tests/Reference/requirements.txt

# One table, both sides: cliplab's benchmarks against the C sgemm program and the PyTorch
# scripts, alternating rounds, medians, CPU and load printed (Tests/Reference/bench_compare.py).
# The machine's OPENBLAS_* overrides are dropped for this command alone.
BENCH_THREADS ?= 2
BENCH_ROUNDS  ?= 3
bench: build $(GEMM_REFERENCE) $(REFERENCE_PYTHON)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(REFERENCE_PYTHON) Tests/Reference/bench_compare.py --cliplab $(BIN) \
	  --python $(REFERENCE_PYTHON) --gemm-reference $(GEMM_REFERENCE) --threads $(BENCH_THREADS) --rounds $(BENCH_ROUNDS)

# The whole suite under AddressSanitizer (with LeakSanitizer), then ThreadSanitizer, each in
# its own build folder; the binary tests drive the instrumented cliplab built beside them.
# Suppressions (toolchain libraries only, a reason for each) are in Tests/Sanitizers/. The
# reproducibility test's 18 child trainings run 20 steps here instead of 200: the same code paths.
# ThreadSanitizer makes the toy's kernels some thirty times slower, so three suites that train
# lessons' 800- and 1,200-step toys (minutes each there) stay out of its run: the exercise
# grading, the help examples and SigLIP's default run. Their code runs under ThreadSanitizer in
# the other suites (training, lesson engine, expression cells), and under AddressSanitizer whole.
TSAN_SKIP := --skip ImplementExerciseTests --skip HelpExampleTests --skip SigLIPDefaultRunTests
SANITIZERS := $(CURDIR)/Tests/Sanitizers
.PHONY: test-sanitize
test-sanitize: test-deps
	swift build $(SWIFT_FLAGS) --sanitize=address --build-path .build-asan --build-tests
	CLIPLAB_REPRODUCIBILITY_STEPS=20 ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 \
	LSAN_OPTIONS=suppressions=$(SANITIZERS)/lsan.supp:print_suppressions=0 \
	  swift test $(SWIFT_FLAGS) --sanitize=address --build-path .build-asan --skip-build
	swift build $(SWIFT_FLAGS) --sanitize=thread --build-path .build-tsan --build-tests
	CLIPLAB_REPRODUCIBILITY_STEPS=20 TSAN_OPTIONS=suppressions=$(SANITIZERS)/tsan.supp:second_deadlock_stack=1 \
	  swift test $(SWIFT_FLAGS) --sanitize=thread --build-path .build-tsan --skip-build $(TSAN_SKIP)

# libFuzzer + AddressSanitizer on every parser of untrusted input (Tests/Fuzz/run.sh):
# `make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="png jpeg"`; crashes land in .build-fuzz/crashes.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	Tests/Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Regenerates every committed fixture from the reference implementations in the reference
# environment; `make test` itself never needs Python.
fixtures: $(REFERENCE_PYTHON)
	for script in Tests/Reference/make_*.py; do \
	  echo "== $$script"; PYTHON=$(REFERENCE_PYTHON) $(REFERENCE_PYTHON) $$script || exit 1; \
	done

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
