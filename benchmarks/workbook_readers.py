"""Which library reads workbooks: python-calamine against openpyxl and pandas' readers.

    .venv/bin/python benchmarks/workbook_readers.py [WORKBOOK.xlsx] [--runs N]

Default workbook: the RCTab 2013 Minneapolis ES&S ballot file (80,101 rows x 6 columns),
the largest workbook the app must read. Each reader runs in a fresh process, in turn
(interleaved), so that its time includes nothing another reader left warm and its memory
is its own peak. Printed per reader: import time, read time (best and median of the
runs), the peak resident memory of the process, and the installed size of the
distributions it needs beyond numpy (already a dependency). Times are also given as
ratios to a floor measured in the same run: unzipping the sheet's XML and nothing else.

Needs openpyxl and pandas in the venv (``pip install openpyxl pandas``); they are not
dependencies of the app.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_BALLOTS = Path("data", "real", "rcv", "2013_minneapolis_mayor", "2013_minneapolis_mayor_cvr.xlsx")
#: ../shared beside the project (a git worktree may sit one folder deeper).
DEFAULT = next((base / "shared" / _BALLOTS for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared" / _BALLOTS).is_file()),
               ROOT.parent / "shared" / _BALLOTS)

#: Each reader as the code one process runs: it prints the import and read seconds and the rows.
READERS: dict[str, str] = {
    "floor: unzip the sheet XML": """
import time, zipfile
t0 = time.perf_counter()
t1 = time.perf_counter()
with zipfile.ZipFile(PATH) as z:
    name = next(n for n in z.namelist() if n.startswith('xl/worksheets/sheet'))
    rows = z.read(name).count(b'<row ')
""",
    "python-calamine": """
import time
t0 = time.perf_counter()
import python_calamine
t1 = time.perf_counter()
rows = len(python_calamine.CalamineWorkbook.from_path(PATH).get_sheet_by_index(0).to_python())
""",
    "resultsviewer read_sheet (calamine + typed cells)": """
import time
t0 = time.perf_counter()
from resultsviewer.core.formats.workbook import read_sheet
import python_calamine
t1 = time.perf_counter()
rows = len(read_sheet(PATH, 0).rows)
""",
    "openpyxl (read-only, values)": """
import time
t0 = time.perf_counter()
import openpyxl
t1 = time.perf_counter()
book = openpyxl.load_workbook(PATH, read_only=True, data_only=True)
rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
""",
    "pandas.read_excel (openpyxl)": """
import time
t0 = time.perf_counter()
import pandas
t1 = time.perf_counter()
rows = len(pandas.read_excel(PATH, sheet_name=0, header=None, engine='openpyxl'))
""",
    "pandas.read_excel (calamine)": """
import time
t0 = time.perf_counter()
import pandas
t1 = time.perf_counter()
rows = len(pandas.read_excel(PATH, sheet_name=0, header=None, engine='calamine'))
""",
}

_EPILOGUE = """
t2 = time.perf_counter()
import resource, json
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

#: The distributions each reader brings in beyond what the app already has (numpy, Qt).
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "python-calamine": ("python-calamine",),
    "openpyxl": ("openpyxl", "et-xmlfile"),
    "pandas": ("pandas", "python-dateutil", "six", "tzdata"),
}


def installed_mb(names: tuple[str, ...]) -> float | None:
    """The files of the distributions as installed; None when the first (the reader) is
    missing; a missing helper (six, tzdata on some systems) counts nothing."""
    total = 0
    for position, name in enumerate(names):
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            if position == 0:
                return None
            continue
        for file in distribution.files or ():
            path = Path(str(distribution.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
    return total / 2**20


def run_reader(code: str, path: Path) -> dict[str, float]:
    script = f"PATH = {str(path)!r}\n" + code + _EPILOGUE
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}  # type: ignore[dict-item]
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workbook", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    path = Path(arguments.workbook)
    if not path.is_file():
        print(f"no such workbook: {path}", file=sys.stderr)
        return 1
    results: dict[str, list[dict[str, float]]] = {name: [] for name in READERS}
    for _ in range(arguments.runs):
        for name, code in READERS.items():
            results[name].append(run_reader(code, path))
    floor = min(r["read"] for r in results["floor: unzip the sheet XML"])
    summary = {}
    for name, runs in results.items():
        if any("error" in r for r in runs):
            summary[name] = {"error": next(r["error"] for r in runs if "error" in r)}
            continue
        reads = [r["read"] for r in runs]
        summary[name] = {
            "rows": runs[0]["rows"],
            "import_ms": statistics.median(r["import"] for r in runs) * 1000,
            "read_best_ms": min(reads) * 1000,
            "read_median_ms": statistics.median(reads) * 1000,
            "read_vs_floor": min(reads) / floor,
            "peak_mb": max(r["peak_mb"] for r in runs),
        }
    sizes = {name: installed_mb(names) for name, names in DISTRIBUTIONS.items()}
    if arguments.json:
        print(json.dumps({"workbook": str(path), "runs": arguments.runs, "readers": summary, "installed_mb": sizes}, indent=2))
        return 0
    print(f"{path.name}, {arguments.runs} interleaved runs, each reader in a fresh process")
    print(f"{'reader':<52} {'rows':>7} {'import':>8} {'read best':>10} {'median':>8} {'x floor':>8} {'peak RSS':>9}")
    for name, row in summary.items():
        if "error" in row:
            print(f"{name:<52} error: {row['error']}")
            continue
        print(
            f"{name:<52} {row['rows']:>7,} {row['import_ms']:>6.0f}ms {row['read_best_ms']:>8.0f}ms "
            f"{row['read_median_ms']:>6.0f}ms {row['read_vs_floor']:>7.1f}x {row['peak_mb']:>7.0f}MB"
        )
    print("installed size beyond numpy:")
    for name, size in sizes.items():
        print(f"  {name:<16} {'not installed' if size is None else f'{size:.1f} MB'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
