# CLIPLab — two commands: `make run` (build and start the REPL) and `make test`.
SYSTEM_PACKAGES := libopenblas-dev libreadline-dev libpng-dev libjpeg-dev pkg-config
TEST_PACKAGES   := tmux
SWIFT_FLAGS     := -c release -Xswiftc -enable-testing
BIN             := .build/release/cliplab

.PHONY: run build test deps test-deps bench gemm-reference fuzz clean

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
test: test-deps
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build
	$(BIN) lesson check

# The BLAS ceiling `bench gemm` prints beside its own numbers: C calling cblas_sgemm alone.
GEMM_REFERENCE := $(dir $(BIN))gemm-reference
gemm-reference: $(GEMM_REFERENCE)
$(GEMM_REFERENCE): Tests/Reference/gemm_reference.c
	@mkdir -p $(dir $@)
	gcc -O2 -o $@ $< $$(pkg-config --cflags --libs openblas)

# One table, both sides: cliplab's benchmarks against the C sgemm program and the PyTorch
# scripts, alternating rounds, medians, CPU and load printed (Tests/Reference/bench_compare.py).
# The machine's OPENBLAS_* overrides are dropped for this command alone.
PYTHON       ?= /work/venv/bin/python
BENCH_THREADS ?= 2
BENCH_ROUNDS  ?= 3
bench: build $(GEMM_REFERENCE)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PYTHON) Tests/Reference/bench_compare.py --cliplab $(BIN) \
	  --python $(PYTHON) --gemm-reference $(GEMM_REFERENCE) --threads $(BENCH_THREADS) --rounds $(BENCH_ROUNDS)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN) bench tokenize

# The whole suite under AddressSanitizer (with LeakSanitizer), then ThreadSanitizer, each in
# its own build folder; the binary tests drive the instrumented cliplab built beside them.
# Suppressions (toolchain libraries only, a reason for each) are in Tests/Sanitizers/.
SANITIZERS := $(CURDIR)/Tests/Sanitizers
.PHONY: test-sanitize
test-sanitize: test-deps
	swift build $(SWIFT_FLAGS) --sanitize=address --build-path .build-asan --build-tests
	ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 \
	LSAN_OPTIONS=suppressions=$(SANITIZERS)/lsan.supp:print_suppressions=0 \
	  swift test $(SWIFT_FLAGS) --sanitize=address --build-path .build-asan --skip-build
	swift build $(SWIFT_FLAGS) --sanitize=thread --build-path .build-tsan --build-tests
	TSAN_OPTIONS=suppressions=$(SANITIZERS)/tsan.supp:second_deadlock_stack=1 \
	  swift test $(SWIFT_FLAGS) --sanitize=thread --build-path .build-tsan --skip-build

# libFuzzer + AddressSanitizer on every parser of untrusted input (Tests/Fuzz/run.sh):
# `make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="png jpeg"`; crashes land in .build-fuzz/crashes.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	Tests/Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
