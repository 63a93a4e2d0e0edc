"""Every exported lesson executed in the CLIPLab kernel with nbclient, as `lesson check` runs it.

Usage: run_lessons.py NOTEBOOK_DIR PROJECT_ROOT

Exercises run their solution (kept in the cell's `cliplab` metadata) and then their checks;
`skip` cells are not run; each cell's text output (stdout, JSON results, error lines) is
compared with the output the lesson recorded, as `lesson check` compares: trailing spaces
and blank lines never count, in `volatile` cells every run of digits reads as `#`, and in
`timed` cells every duration (`21.7 s`, `3 ms`). As in `lesson check`, a translation whose cells
and recorded outputs equal the English lesson's is compared with the English run instead of
running again; one that differs anywhere runs on its own.
"""
import glob
import multiprocessing
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def normalize(text, masking):
    lines = [line.rstrip(" \t\r") for line in text.split("\n")]
    if masking == "volatile":
        lines = [re.sub(r"[0-9]+", "#", line) for line in lines]
    elif masking == "timed":
        lines = [re.sub(r"[0-9]+(\.[0-9]+)?(?= ?(s|ms|µs|min)\b)", "#", line) for line in lines]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def text_of(outputs):
    parts = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            parts.append(output["text"])
        elif kind == "execute_result":
            parts.append(output["data"].get("text/plain", "") + "\n")
        elif kind == "error":
            parts.append("\n".join(output.get("traceback", [])) + "\n")
    return "".join(parts)


def cells_to_run(notebook):
    """What a run of the notebook executes and what it must print, per lesson cell that runs:
    (index, cell number, source, options, masking, recorded output normalised)."""
    cells = []
    for index, cell in enumerate(notebook.cells):
        meta = cell.metadata.get("cliplab", {}) if cell.cell_type == "code" else {}
        if "cell" not in meta:
            continue
        options = meta.get("options", [])
        if "skip" in options:
            continue
        source = "\n".join(meta.get("solution", [])) if "exercise" in options else cell.source
        masking = "volatile" if "volatile" in options else "timed" if "timed" in options else None
        cells.append((index, meta["cell"], source, tuple(options), masking, normalize(text_of(cell.outputs), masking)))
    return cells


def signature(path):
    notebook = nbformat.read(path, as_version=4)
    # The first cell sets the lesson's language; with equal recordings (each made in its own
    # language) the language did not change what the commands print.
    code = ["\n".join(line for line in cell.source.split("\n") if not line.startswith("set lang "))
            for cell in notebook.cells if cell.cell_type == "code"]
    checks = [cell.metadata.get("cliplab", {}).get("check") for cell in notebook.cells if cell.cell_type == "code"]
    return (notebook.metadata.get("cliplab", {}).get("needs", []), code, checks, cells_to_run(notebook))


def check(path, root):
    notebook = nbformat.read(path, as_version=4)
    needs = notebook.metadata.get("cliplab", {}).get("needs", [])
    if any(n in ("weights", "full-model") for n in needs) and "CLIPLAB_MODEL_DIR" not in os.environ:
        return "skipped (needs weights)", []
    runs = cells_to_run(notebook)
    sources = {index: source for index, _, source, _, _, _ in runs}
    expected = {index: (number, masking, recorded) for index, number, _, _, masking, recorded in runs}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "cell" in cell.metadata.get("cliplab", {}):
            cell.source = sources.get(index, "")   # a skipped cell runs nothing, an exercise its solution
    client = NotebookClient(notebook, kernel_name="cliplab", timeout=300, allow_errors=False,
                            resources={"metadata": {"path": root}})
    try:
        client.execute()
    except CellExecutionError as error:
        return "failed", [str(error).strip().splitlines()[-1][:200]]
    problems = []
    for index, (number, masking, a) in expected.items():
        b = normalize(text_of(notebook.cells[index].outputs), masking)
        if a != b:
            first = next((i for i in range(max(len(a), len(b))) if (a[i] if i < len(a) else None) != (b[i] if i < len(b) else None)), 0)
            got = b[first] if first < len(b) else "(nothing)"
            want = a[first] if first < len(a) else "(nothing)"
            problems.append(f"cell {number}: line {first + 1}: expected {want[:60]!r}, got {got[:60]!r}")
    images = sum(1 for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                 if o.get("output_type") == "display_data" and "image/png" in o.get("data", {}))
    return ("ok" if not problems else "differs") + f" ({len(expected)} cells, {images} pictures)", problems


def timed(args):
    path, root = args
    began = time.time()
    status, problems = check(path, root)
    return path, status, problems, time.time() - began


def main():
    folder, root = sys.argv[1], os.path.abspath(sys.argv[2])
    paths = sorted(glob.glob(os.path.join(folder, "*", "*.ipynb")))
    if not paths:
        print(f"no notebooks in {folder}")
        return 1
    failed = 0
    start = time.time()
    # A translation with the English lesson's cells and outputs shares its run.
    shares = {}
    for path in paths:
        english = os.path.join(folder, "en", os.path.basename(path))
        if os.path.dirname(path) != os.path.dirname(english) and os.path.exists(english) and signature(path) == signature(english):
            shares[path] = english
    # One kernel per core: each lesson is a process of its own, as `lesson check` runs them one by one.
    jobs = int(os.environ.get("JOBS", os.cpu_count() or 1))
    with multiprocessing.Pool(max(1, jobs)) as pool:
        for path, status, problems, seconds in pool.imap(timed, [(p, root) for p in paths if p not in shares]):
            # The lesson, then each translation that shares its run.
            for each in [path] + [p for p, english in shares.items() if english == path]:
                mark = "✗" if problems else "✓" if status.startswith("ok") else "-"
                ran = f"the run of {os.path.relpath(path, folder)}" if each != path else f"{seconds:.1f} s"
                print(f"{mark} {os.path.relpath(each, folder)}: {status} {ran}", flush=True)
                for problem in problems:
                    print(f"    {problem}")
                failed += bool(problems)
    print(f"{len(paths) - failed} of {len(paths)} lesson notebooks match their recorded outputs ({time.time() - start:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
