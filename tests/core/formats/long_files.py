"""Generated long (OpenElections) files, and what an import gives back, shared by the
tests that hold a large-file reader (DuckDB's, the streaming one) to the whole-file reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from resultsviewer.core.contest import AtLeast
from resultsviewer.core.formats import native
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.progress import Cancelled, ProgressCallback
from tests.conftest import SHARED_REAL


def assert_cells_are_sums(contest: Any, sums: dict[tuple[str, str], int], withheld: dict[tuple[str, str], int]) -> None:
    """Every cell of the contest is the sum the test made of the file's rows (keyed by folded
    category and candidate names), "at least" where some were withheld, and no sum is missing."""
    seen = 0
    for i, category in enumerate(contest.categories):
        for j, candidate in enumerate(contest.candidates):
            key = (category.name.casefold(), candidate.name.casefold())
            value = contest.count(i, j)
            if key in withheld:
                assert isinstance(value, AtLeast) and value.withheld == withheld[key] and int(value) == sums.get(key, 0)
            else:
                assert value == sums.get(key, 0)
            seen += key in sums or key in withheld
    assert seen == len(set(sums) | set(withheld))


def real_files(folder: str) -> list[Path]:
    """The CSV files of a folder of ../shared/data/real; none where it is absent."""
    where = SHARED_REAL / folder
    return sorted(where.glob("*.csv")) if where.is_dir() else []


def fingerprint(result: Any) -> tuple[object, ...]:
    """Everything an import gives back: the contest as saved, each cell with its kind
    (plain, unknown, at least with how many withheld), the notes and the choices made."""
    contest = result.contest
    cells = [
        [(type(value).__name__, value, getattr(value, "withheld", None)) for value in contest.row(i)]
        for i in range(contest.category_count)
    ]
    parties = [(c.name, c.party, c.colour) for c in contest.candidates]
    return native.dumps(contest), cells, parties, contest.notes, contest.method, tuple(result.notes), result.options


# --- generated files ------------------------------------------------------------------------

COUNTIES = ["Adams", "ADAMS", " Adams ", "Baker", "Clark County"]
PRECINCTS = ["PCT 1", "pct 1", "PCT 2", "Precinct 3", "Total", "total ", "County Total", "01~02"]
OFFICES = ["President", "U.S. House", "US House", "Governor", "Registered Voters", "Ballots Cast", "Straight Party"]
DISTRICTS = ["", "1", "2", "NA"]
PARTIES = ["DEM", "REP", "", "NA", "Green Party"]
CANDIDATES = ["Ann Able", "ann  able", "Bob Baker", "Cy, Jr.", 'Dee "D" Day', "Over Votes", "UNDER VOTES",
              "Write-in", "Total Votes"]
PLAIN = st.integers(min_value=0, max_value=5000).map(str)
MESSY = st.sampled_from(["1,176", " 12", "12 ", "0012", "1 000", "?", " * ", "１２"])
BAD = st.sampled_from(["abc", "-5", "1.5", "", "12x", "9" * 20, "--"])
VOTES = st.one_of(PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, st.just("*"), MESSY, BAD)
MODE = st.one_of(PLAIN, PLAIN, PLAIN, st.just(""), st.just("*"), MESSY, BAD)


@st.composite
def long_files(draw: st.DrawFn) -> tuple[str, str]:
    """A long file's text (and its name): mostly clean rows, with pseudo-rows, withheld
    and messy cells, and now and then a bad cell, a short row or a blank line."""
    modes = draw(st.sampled_from([(), ("early_voting", "election_day"), ("mail",)]))
    with_votes = not modes or draw(st.booleans())
    columns = ["county", "precinct", "office", "district", "party", "candidate"]
    if draw(st.booleans()):
        columns = ["county", "precinct", "party", "office", "district", "candidate"]
    if draw(st.integers(0, 5)) == 0:
        columns.remove("county")
    header = columns + (["votes"] if with_votes else []) + list(modes)
    rows = []
    clean = draw(st.booleans())  # half the files hold only plain numbers and *: the engine reads those
    for _ in range(draw(st.integers(min_value=1, max_value=40))):
        cells = {
            "county": draw(st.sampled_from(COUNTIES)),
            "precinct": draw(st.sampled_from(PRECINCTS)),
            "office": draw(st.sampled_from(OFFICES)),
            "district": draw(st.sampled_from(DISTRICTS)),
            "party": draw(st.sampled_from(PARTIES)),
            "candidate": draw(st.sampled_from(CANDIDATES)),
            "votes": draw(st.one_of(PLAIN, st.just("*")) if clean else VOTES),
        }
        for mode in modes:
            cells[mode] = draw(st.one_of(PLAIN, st.just("*")) if clean else MODE)
        row = [cells[name] for name in header]
        if not clean and draw(st.integers(0, 30)) == 0:
            row = row[: draw(st.integers(1, len(row) - 1))]  # a short row
        rows.append(row)
        if not clean and draw(st.integers(0, 30)) == 0:
            rows.append([])  # a blank line

    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c for c in cells)

    text = "\n".join([line(header), *(line(r) for r in rows)]) + "\n"
    if not clean and draw(st.integers(0, 4)) == 0:
        # Damage where the two readers' dialects could part: a stray quote, a zero byte, a
        # byte that is not UTF-8, a line ended otherwise, a line of spaces.
        at = draw(st.integers(0, len(text)))
        damage = draw(st.sampled_from(['"', '" ', ' "', "\x00", "\udcff", "\r", "\n   \n", ",", '""']))
        text = text[:at] + damage + text[at:]
    name = draw(st.sampled_from(["xx_2024_general_precinct.csv", "xx_2020_primary_precinct.csv"]))
    return text, name


OPTIONS = st.builds(
    ImportOptions,
    contest=st.sampled_from([None, "President", "U.S. House", "US House, 1", "Governor", "President;;DEM"]),
    by=st.sampled_from([None, "county", "precinct"]),
)


def cancelled_past_a_quarter(read: Callable[[ProgressCallback], object]) -> list[int]:
    """``read(progress)`` with the user pressing Cancel once the bar passes a quarter of
    the file (the progress raises :class:`Cancelled`): the bytes reported until it stopped."""
    seen: list[int] = []

    def cancel_part_way(done: int, total: int) -> None:
        seen.append(done)
        if done > total // 4:
            raise Cancelled

    with pytest.raises(Cancelled):
        read(cancel_part_way)
    return seen
