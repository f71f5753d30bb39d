"""Time and peak memory of reading files of every shape, up to the loaders' limits.

Each input is written to a temporary folder, then read by ``resultsviewer check`` in a
child process of its own, so that its peak resident memory (``ru_maxrss``) is its own.
The floor is the same command on a 3-row file (Python, imports, a small file):
figures are given as measured and as the excess over that floor.

    python benchmarks/loader_memory.py            # every input (some 2 GB of disk, minutes)
    python benchmarks/loader_memory.py --quick    # the inputs up to 50 MB
    python benchmarks/loader_memory.py --json out.json

The numbers in docs/limits.md come from this script.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from resultsviewer.core.formats import limits

MB = 2**20


def _write(path: Path, chunks: Callable[[], object]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        for chunk in chunks():  # type: ignore[attr-defined]
            stream.write(chunk)
    return path


def spreadsheet_tall(path: Path, rows: int, candidates: int = 20) -> Path:
    """Our own CSV: one row per category."""
    def chunks():
        yield "category," + ",".join(f"Candidate {c}" for c in range(candidates)) + "\r\n"
        cells = ",".join(str(1000 + c) for c in range(candidates))
        for row in range(rows):
            yield f"Precinct {row},{cells}\r\n"
    return _write(path, chunks)


def spreadsheet_wide(path: Path, candidates: int, rows: int) -> Path:
    def chunks():
        yield "category," + ",".join(f"Candidate {c}" for c in range(candidates)) + "\r\n"
        cells = ",".join("7" for _ in range(candidates))
        for row in range(rows):
            yield f"Precinct {row},{cells}\r\n"
    return _write(path, chunks)


def long_table(path: Path, rows: int, candidates: int = 20) -> Path:
    """A long table (county, candidate, votes), imported with the guessed layout."""
    def chunks():
        yield "county,candidate,votes\n"
        for row in range(rows):
            yield f"County {row // candidates},Candidate {row % candidates},{row % 997}\n"
    return _write(path, chunks)


def native_json(path: Path, categories: int, candidates: int = 20) -> Path:
    def chunks():
        names = [f"Candidate {c}" for c in range(candidates)]
        yield '{"format": "resultsviewer-contest", "version": 1, "title": "Generated", "candidates": ['
        yield ", ".join(json.dumps({"name": name}) for name in names)
        yield '], "categories": [\n'
        counts = json.dumps({name: 1000 + index for index, name in enumerate(names)})
        for row in range(categories):
            yield ("," if row else "") + f'{{"name": "Precinct {row}", "counts": {counts}}}\n'
        yield "]}\n"
    return _write(path, chunks)


def one_line(path: Path, size: int) -> Path:
    """A single line of commas and ones: a hundred million cells in 200 MB."""
    def chunks():
        block = "1," * (MB // 2)
        for _ in range(size // MB):
            yield block
        yield "\n"
    return _write(path, chunks)


def long_cells(path: Path, size: int) -> Path:
    """Cells at the cell limit (64 KB each)."""
    def chunks():
        cell = "x" * (limits.MAX_CELL_CHARS - 16)
        yield "category,A\n"
        for row in range(size // limits.MAX_CELL_CHARS):
            yield f"{cell}{row},1\n"
    return _write(path, chunks)


def json_empty_objects(path: Path, size: int) -> Path:
    def chunks():
        block = "{}," * (MB // 3)
        yield "["
        for _ in range(size // MB):
            yield block
        yield "{}]"
    return _write(path, chunks)


def json_long_title(path: Path, size: int) -> Path:
    def chunks():
        yield '{"format": "resultsviewer-contest", "version": 1, "title": "'
        block = "T" * MB
        for _ in range(size // MB):
            yield block
        yield '", "candidates": [{"name": "A"}], "categories": [{"name": "x", "counts": {"A": 1}}]}'
    return _write(path, chunks)


def wide_text_ucs4(path: Path, size: int) -> Path:
    """ASCII text with one emoji: decoded, every character takes four bytes."""
    def chunks():
        yield "category,\U0001F600\n"
        line = "Precinct,1\n" * (MB // 11)
        for _ in range(size // MB):
            yield line
    return _write(path, chunks)


def inputs(quick: bool) -> list[tuple[str, Callable[[Path], Path]]]:
    rows_limit = limits.MAX_TABLE_CELLS // 21 - 2  # 20 candidates, the category column, the header
    wide_limit = limits.MAX_TABLE_CELLS // 20_001 - 2
    cases: list[tuple[str, Callable[[Path], Path]]] = [
        ("spreadsheet 20,000 x 20", lambda p: spreadsheet_tall(p / "t20k.csv", 20_000)),
        ("spreadsheet 100,000 x 20", lambda p: spreadsheet_tall(p / "t100k.csv", 100_000)),
        (f"spreadsheet {rows_limit:,} x 20 (cell limit)", lambda p: spreadsheet_tall(p / "tmax.csv", rows_limit)),
        ("spreadsheet 3 x 20,000 candidates", lambda p: spreadsheet_wide(p / "w3.csv", 20_000, 3)),
        (f"spreadsheet {wide_limit} x 20,000 (cell limit)", lambda p: spreadsheet_wide(p / "wmax.csv", 20_000, wide_limit)),
        ("long table 1,000,000 rows", lambda p: long_table(p / "long1m.csv", 1_000_000)),
        ("native JSON 20,000 x 20", lambda p: native_json(p / "n20k.json", 20_000)),
        ("native JSON 100,000 x 20", lambda p: native_json(p / "n100k.json", 100_000)),
        ("one line, 40 MB (refused)", lambda p: one_line(p / "line40.csv", 40 * MB)),
        ("JSON of empty objects, 40 MB (refused)", lambda p: json_empty_objects(p / "empty40.json", 40 * MB)),
        ("JSON title of 40 MB (refused)", lambda p: json_long_title(p / "title40.json", 40 * MB)),
        ("cells of 64 KB (the cell limit), 40 MB", lambda p: long_cells(p / "cells40.csv", 40 * MB)),
    ]
    if not quick:
        cases += [
            (f"native JSON {limits.MAX_CONTEST_CELLS // 20:,} x 20 (cell limit)",
             lambda p: native_json(p / "nmax.json", limits.MAX_CONTEST_CELLS // 20)),
            (f"long table {limits.MAX_TABLE_CELLS // 3 - 10:,} rows (cell limit)",
             lambda p: long_table(p / "longmax.csv", limits.MAX_TABLE_CELLS // 3 - 10)),
            ("one line, 250 MB (refused)", lambda p: one_line(p / "line250.csv", 250 * MB)),
            ("JSON of empty objects, 250 MB (refused)", lambda p: json_empty_objects(p / "empty250.json", 250 * MB)),
            ("JSON title of 250 MB (refused)", lambda p: json_long_title(p / "title250.json", 250 * MB)),
            ("cells of 64 KB (the cell limit), 250 MB", lambda p: long_cells(p / "cells250.csv", 250 * MB)),
            ("ASCII + one emoji, 250 MB (refused)", lambda p: wide_text_ucs4(p / "ucs4.csv", 250 * MB)),
        ]
    return cases


def measure(path: Path) -> tuple[float, int, int, str]:
    """Seconds, peak resident bytes and exit status of ``resultsviewer check`` on ``path``."""
    command = [sys.executable, "-m", "resultsviewer", "check", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak_kb < before:
        peak_kb = before
    said = (done.stdout or done.stderr).strip().splitlines()[-1] if (done.stdout or done.stderr).strip() else ""
    return seconds, peak_kb * 1024, done.returncode, said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the inputs up to 50 MB")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    options = parser.parse_args()
    results = []
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run the smallest first,
    # and each input in a fresh interpreter so the figure is that input's own.
    with tempfile.TemporaryDirectory(prefix="loader-memory-") as folder:
        floor_seconds, floor_bytes, _, _ = _isolated(spreadsheet_tall(Path(folder) / "floor.csv", 3))
        print(f"floor (a 3-row file): {floor_seconds:.2f} s, {floor_bytes / MB:,.0f} MB")
        for label, make in inputs(options.quick):
            path = make(Path(folder))
            size = path.stat().st_size
            seconds, peak, status, said = _isolated(path)
            verdict = "read" if status == 0 else "refused"
            print(
                f"{label:45} {size / MB:8,.1f} MB  {seconds:7.2f} s  peak {peak / MB:7,.0f} MB "
                f"(+{(peak - floor_bytes) / MB:,.0f})  {verdict}: {said[-110:]}"
            )
            results.append(
                {"input": label, "bytes": size, "seconds": seconds, "peak_bytes": peak, "status": verdict, "message": said}
            )
            path.unlink()
    if options.json:
        Path(options.json).write_text(json.dumps({"floor": {"seconds": floor_seconds, "peak_bytes": floor_bytes},
                                                  "inputs": results}, indent=2))
    return 0


def _isolated(path: Path) -> tuple[float, int, int, str]:
    """As :func:`measure`, in a grandchild: RUSAGE_CHILDREN keeps the largest child ever,
    so each input is measured by a fresh middle process that reports its own child's peak."""
    code = (
        f"import json, sys; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r}); "
        "import loader_memory as m; from pathlib import Path; "
        "print(json.dumps(m.measure(Path(sys.argv[1]))))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=1000)
    seconds, peak, status, said = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, peak, status, said


if __name__ == "__main__":
    sys.exit(main())
