"""A 1,000,000-row long (OpenElections) file tallied by Results Viewer, against DuckDB's
own group-by of the same contest on the same file; and, with ``--big``, a ~2 GB file's
peak memory and time through the out-of-core path.

    .venv/bin/python benchmarks/long_tally.py [--runs N] [--rows N] [--big] [--big-only READER] [--folder DIR]

The file is generated (seeded, so every run measures the same file): counties of
precincts, each precinct with a President contest (five candidates, Over Votes and
Under Votes pseudo-rows), a US House contest, and Registered Voters and Ballots Cast
offices; a county's ``Total`` precinct rows; 2% of President counts withheld (``*``);
vote-mode columns (early_voting, election_day, mail).

The floor is DuckDB's bare query on the same file: the votes of one contest summed by
county, precinct and candidate (``read_csv`` with its own detection, ``TRY_CAST``). Our
figure is ``import_contest`` with ``--contest President --by precinct``: every check the
import makes, the notes, and the Contest. Runs are interleaved; the ratio is of the
medians (goal: within 2x). ``--big`` writes a ~2 GB file (in the folder given, else a
temporary one) and runs ``resultsviewer tally`` on it in a child process, reporting its
peak resident memory (goal: under 1 GB) and time, through DuckDB and through the
streaming reader (DuckDB made unimportable, as in the frozen app).

The streaming reader (no DuckDB) is timed on the same 1,000,000-row file against the csv
module's bare read of it (goal: within 4x; it parses the file twice) and against DuckDB.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_openelections import floor as csv_floor  # noqa: E402  (the csv module's bare read of a file)
from timing import interleaved  # noqa: E402

HEADER = "county,precinct,office,district,party,candidate,votes,early_voting,election_day,mail\n"
PRESIDENT = [("DEM", "Kamala D. Harris"), ("REP", "Donald J. Trump"), ("LIB", "Chase Oliver"),
             ("GRN", "Jill Stein"), ("IND", "Robert F. Kennedy, Jr.")]
HOUSE = [("DEM", "Ann Able"), ("REP", "Bob Baker"), ("LIB", "Cy Cole")]
#: Rows a precinct writes: President (5 + 2 pseudo), US House (3 + 1 pseudo), 2 pseudo-offices.
ROWS_PER_PRECINCT = 13


def _quoted(text: str) -> str:
    return f'"{text}"' if "," in text else text


def _row(rng: random.Random, county: str, precinct: str, office: str, district: str, party: str,
         candidate: str, withheld: float = 0.0) -> str:
    early, day, mail = rng.randrange(400), rng.randrange(300), rng.randrange(100)
    votes = "*" if withheld and rng.random() < withheld else str(early + day + mail)
    return f"{county},{precinct},{office},{district},{party},{_quoted(candidate)},{votes},{early},{day},{mail}\n"


def write_file(path: Path, rows: int, seed: int = 2024) -> int:
    """A seeded OpenElections-like file of about ``rows`` rows; the rows written."""
    rng = random.Random(seed)
    precincts = max(1, rows // ROWS_PER_PRECINCT)
    counties = max(1, min(254, precincts // 200))
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for number in range(precincts):
            county = f"County {number % counties + 1:03d}"
            precinct = f"PCT {number // counties + 1:05d}"
            district = str(number % 7 + 1)
            lines = [_row(rng, county, precinct, "President", "", party, name, 0.02) for party, name in PRESIDENT]
            lines += [_row(rng, county, precinct, "President", "", "", name) for name in ("Over Votes", "Under Votes")]
            lines += [_row(rng, county, precinct, "U.S. House", district, party, name) for party, name in HOUSE]
            lines.append(_row(rng, county, precinct, "U.S. House", district, "", "Under Votes"))
            lines.append(_row(rng, county, precinct, "Registered Voters", "", "", ""))
            lines.append(_row(rng, county, precinct, "Ballots Cast", "", "", ""))
            out.write("".join(lines))
            written += len(lines)
        for number in range(counties):
            county = f"County {number + 1:03d}"
            out.write("".join(_row(rng, county, "Total", "President", "", p, n) for p, n in PRESIDENT))
            written += len(PRESIDENT)
    return written


def duckdb_floor(path: Path) -> int:
    """DuckDB's bare answer: the President votes by county, precinct and candidate."""
    import duckdb

    connection = duckdb.connect()
    try:
        rows = connection.execute(
            "SELECT county, precinct, candidate, sum(TRY_CAST(votes AS BIGINT)) "
            f"FROM read_csv('{path}') WHERE office = 'President' GROUP BY ALL"
        ).fetchall()
    finally:
        connection.close()
    return len(rows)


def our_tally(path: Path) -> int:
    """Results Viewer's import of the same contest (what ``resultsviewer tally`` reads)."""
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.delimited import ImportOptions

    result = import_contest(path, ImportOptions(contest="President", by="precinct"))
    return result.contest.category_count


def streamed_tally(path: Path) -> int:
    """The same import through the streaming reader (what runs where DuckDB is not installed)."""
    from resultsviewer.core.formats.delimited import ImportOptions
    from resultsviewer.core.formats.long_stream import import_streamed_long_file

    result = import_streamed_long_file(path, ImportOptions(contest="President", by="precinct"))
    assert result is not None, "the streaming reader stepped aside"
    return result.contest.category_count


#: The streaming reader parses the file twice (the contests, then the chosen one's rows),
#: each pass through every check the whole-file reader makes.
STREAM_GOAL = 4.0


def measure(folder: Path, runs: int = 5, rows: int = 1_000_000) -> list[dict[str, object]]:
    """The tally of a ``rows``-row long file against DuckDB's bare query, interleaved.

    Returns one dict per figure, with the fields of benchmarks/run.py's ``Row`` (section,
    name, value, unit, floor, floor_name, goal, met, detail); the ratio is value / floor.
    The file is written to ``folder`` and kept there for the next call.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"long_{rows}.csv"
    if not path.is_file():
        write_file(path, rows)
    timings = interleaved({
        "duckdb": lambda: duckdb_floor(path), "ours": lambda: our_tally(path),
        "csv": lambda: csv_floor(path), "streamed": lambda: streamed_tally(path),
    }, runs)
    ours, floor = timings["ours"].median, timings["duckdb"].median
    ratio = ours / floor
    streamed, csv_read = timings["streamed"].median, timings["csv"].median
    per_million = 1_000_000 / rows
    streamed_rows = [{
        "section": "scale",
        "name": f"streamed tally (no DuckDB) of the {rows:,}-row long file, per 1M rows",
        "value": streamed * per_million,
        "unit": "s",
        "floor": csv_read * per_million,
        "floor_name": "the csv module reading the same file",
        "goal": f"within {STREAM_GOAL:g}x",
        "met": streamed / csv_read <= STREAM_GOAL,
        "detail": {"streamed": timings["streamed"].as_dict(), "csv": timings["csv"].as_dict(),
                   "versus_duckdb": streamed / floor, "versus_ours_with_duckdb": streamed / ours},
    }]
    return [{
        "section": "scale",
        "name": f"tally of a {rows:,}-row long file (President by precinct)",
        "value": ours,
        "unit": "s",
        "floor": floor,
        "floor_name": "DuckDB's bare group-by of the same contest",
        "goal": "within 2x",
        "met": ratio <= 2.0,
        "detail": {"ours": timings["ours"].as_dict(), "duckdb": timings["duckdb"].as_dict(),
                   "file_bytes": path.stat().st_size},
    }, *streamed_rows]


def peak_rss_of_tally(path: Path, without_duckdb: bool = False) -> tuple[float, float, str]:
    """Peak resident memory (MB) and seconds of ``resultsviewer tally`` on ``path`` in a
    child process, and its last line of output; ``without_duckdb``: as an install without
    it (the frozen app), through the streaming reader."""
    code = (
        ("import sys; sys.modules['duckdb'] = None\n" if without_duckdb else "")
        + "import resource, sys, time\n"
        "from resultsviewer.commands import main\n"
        "start = time.perf_counter()\n"
        "status = main(['tally', sys.argv[1], '--contest', 'President', '--by', 'county'])\n"
        "print('seconds', time.perf_counter() - start, file=sys.stderr)\n"
        "print('peak_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    figures = dict(line.split(" ", 1) for line in done.stderr.splitlines() if line.startswith(("seconds ", "peak_kb ")))
    if done.returncode != 0 or "peak_kb" not in figures:
        raise RuntimeError(f"resultsviewer tally failed ({done.returncode}): {done.stderr[-2000:]}")
    last = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    return int(figures["peak_kb"]) / 1024, float(figures["seconds"]), last


def measure_big(folder: Path, gigabytes: float = 2.0, readers: tuple[str, ...] = ("duckdb", "streamed")) -> list[dict[str, object]]:
    """A ~2 GB long file's tally in a child process, by DuckDB and by the streaming reader
    (DuckDB made unimportable): peak memory (goal under 1 GB) and time."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = int(gigabytes * 2**30 / 62)  # some 62 bytes a row
    path = folder / f"long_big_{rows}.csv"
    if not path.is_file():
        write_file(path, rows)
    size = path.stat().st_size
    results: list[dict[str, object]] = []
    for reader in readers:
        peak_mb, seconds, first_line = peak_rss_of_tally(path, without_duckdb=reader == "streamed")
        how = "streamed, no DuckDB" if reader == "streamed" else "DuckDB"
        results.append({
            "section": "scale",
            "name": f"tally of a {size / 2**30:.2f} GB long file (President by county, {how}), peak memory",
            "value": peak_mb,
            "unit": "MB",
            "goal": "under 1,024 MB",
            "met": peak_mb < 1024,
            "detail": {"seconds": seconds, "rows_per_second": rows / seconds, "file_bytes": size, "first_line": first_line},
        })
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big", action="store_true", help="also a ~2 GB file's peak memory in a child process")
    parser.add_argument("--gigabytes", type=float, default=2.0)
    parser.add_argument("--folder", type=Path, help="where the generated files are kept (default: a temporary folder)")
    parser.add_argument("--big-only", choices=("duckdb", "streamed"), help="only the big file, by this reader")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="long-tally-") as scratch:
        folder = options.folder or Path(scratch)
        if options.big_only:
            results = measure_big(folder, options.gigabytes, (options.big_only,))
        else:
            results = measure(folder, options.runs, options.rows)
            if options.big:
                results += measure_big(folder, options.gigabytes)
    for row in results:
        floor = row.get("floor")
        ratio = f", {row['value'] / floor:.2f}x the floor ({floor:.3f} s)" if floor else ""  # type: ignore[operator]
        held = "met" if row["met"] else "NOT met"
        print(f"{row['name']}: {row['value']:,.3f} {row['unit']}{ratio}; goal {row['goal']}: {held}")
        detail = row["detail"]
        if "seconds" in detail:  # type: ignore[operator]
            print(f"  {detail['seconds']:.1f} s, {detail['rows_per_second']:,.0f} rows/s")  # type: ignore[index]
        if "versus_duckdb" in detail:  # type: ignore[operator]
            print(f"  {detail['versus_duckdb']:.2f}x DuckDB's bare group-by, "  # type: ignore[index]
                  f"{detail['versus_ours_with_duckdb']:.2f}x our tally through DuckDB")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
