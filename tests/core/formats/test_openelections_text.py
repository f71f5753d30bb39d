"""The one-pass import of an OpenElections file's text (openelections_text) against the exact
path (read_table, then import_openelections): wherever the one-pass import reads a file, the
same contest, cells, notes and choices; where it steps aside, the import of the file is the
exact path's, errors included. On generated files (withheld and messy counts, pseudo-rows,
total precincts, short rows, blank lines, damage), in blocks small enough that one contest's
rows fall in many of them, and on the real files."""

from __future__ import annotations

import csv
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import limits, openelections_text, read_bytes
from resultsviewer.core.formats.delimited import ImportOptions, read_table
from resultsviewer.core.formats.importing import chosen_options, import_parsed, import_table
from resultsviewer.core.formats.openelections_text import import_openelections_text
from resultsviewer.core.methods import prepare_imported
from tests.core.formats.long_files import assert_cells_are_sums, fingerprint, long_files, real_files

Answer = tuple[str, object]

OPTIONS = st.builds(
    ImportOptions,
    contest=st.sampled_from([None, "President", "U.S. House", "US House, 1", "Governor", "President;;DEM", "Straight Party",
                             "president", "Nothing"]),
    by=st.sampled_from([None, "county", "precinct"]),
    where=st.sampled_from([(), (), (), (("party", "DEM"),)]),
)


def exact(data: bytes, source: str, options: ImportOptions) -> Answer:
    try:
        return "contest", fingerprint(import_parsed(read_table(data, source, options.delimiter), options))
    except LoadError as error:
        return "error", str(error)


def one_pass(data: bytes, source: str, options: ImportOptions) -> Answer | None:
    """The one-pass import's answer, as import_table completes it; None where it steps aside."""
    result = import_openelections_text(data, source, options, partial(chosen_options, options=options))
    if result is None:
        return None
    result.notes.extend(prepare_imported(result.contest, result.options.layout))
    return "contest", fingerprint(result)


def imported(data: bytes, source: str, options: ImportOptions) -> Answer:
    try:
        return "contest", fingerprint(import_table(data, source, options))
    except LoadError as error:
        return "error", str(error)


def compare(data: bytes, source: str, options: ImportOptions) -> str:
    expected = exact(data, source, options)
    found = one_pass(data, source, options)
    if found is not None:
        assert found == expected
    assert imported(data, source, options) == expected
    return "read in one pass" if found is not None else f"stepped aside ({expected[0]})"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(file=long_files(), options=OPTIONS, block=st.sampled_from([1, 40, 300, limits.PLAIN_BLOCK_CHARS]))
def test_generated_files_read_alike(
    file: tuple[str, str], options: ImportOptions, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of every kind of fault, most of which the one-pass import leaves to the exact path."""
    text, name = file
    monkeypatch.setattr(limits, "PLAIN_BLOCK_CHARS", block)
    event(compare(text.encode("utf-8", "surrogateescape"), name, options))


OFFICES = ["President", "U.S. House", "US House", "Governor", "Registered Voters", "State Senate"]
CANDIDATES = [("Ann Able", "DEM"), ("ann  able", "DEM"), ("Bob Baker", "REP"), ("Cy, Jr.", "LIB"), ('Dee "D" Day', ""),
              ("Over Votes", ""), ("Write-in", "NA")]
MESSY = ["1,176", " 12", "0012", "?", "１２"]


@st.composite
def votes_cells(draw: st.DrawFn) -> str:
    """Mostly plain counts, some withheld (*), a few messy ones, a rare bad one."""
    kind = draw(st.integers(0, 299))
    if kind < 260:
        return str(draw(st.integers(0, 5000)))
    if kind < 290:
        return "*"
    return draw(st.sampled_from(MESSY)) if kind < 299 else "-5"




@st.composite
def contest_files(draw: st.DrawFn) -> tuple[str, str]:
    """A file the one-pass import mostly reads: each office's rows together, as real files
    have them (or shuffled), candidates with their party, precincts of a few counties, now
    and then a total precinct, a messy or bad count, a district, a short row."""
    offices = draw(st.lists(st.sampled_from(OFFICES), min_size=1, max_size=4, unique=True))
    rows: list[list[str]] = []
    for office in offices:
        district = draw(st.sampled_from(["", "", "1", "2"]))
        for candidate, party in draw(st.lists(st.sampled_from(CANDIDATES), min_size=1, max_size=4, unique=True)):
            for _ in range(draw(st.integers(1, 30))):
                county = draw(st.sampled_from(["Adams", "Baker", "ADAMS"]))
                precinct = draw(st.sampled_from(["P1", "P2", "p 3", "P4", "Total"] if draw(st.integers(0, 9)) == 0 else ["P1", "P2", "p 3", "P4"]))
                rows.append([county, precinct, office, district, party, candidate, draw(votes_cells())])
    if draw(st.integers(0, 3)) == 0:
        rows = draw(st.permutations(rows))
    if draw(st.integers(0, 19)) == 0:
        at = draw(st.integers(0, len(rows) - 1))
        rows[at] = rows[at][:5]  # a short row

    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c for c in cells)

    header = ["county", "precinct", "office", "district", "party", "candidate", "votes"]
    text = "\n".join([line(header), *map(line, rows)]) + "\n"
    return text, draw(st.sampled_from(["xx_2024_general_precinct.csv", "xx_2020_primary_precinct.csv"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(file=contest_files(), data=st.data(), by=st.sampled_from([None, "county", "precinct"]),
       block=st.sampled_from([1, 40, 300, limits.PLAIN_BLOCK_CHARS]))
def test_generated_contests_read_alike(
    file: tuple[str, str], data: st.DataObject, by: str | None, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, name = file
    offices = sorted({line.split(",")[2] for line in text.splitlines()[1:]})
    contest = data.draw(st.sampled_from([None, *offices, *offices, "US House, 1", "Governor;;DEM", "president"]))
    monkeypatch.setattr(limits, "PLAIN_BLOCK_CHARS", block)
    event(compare(text.encode(), name, ImportOptions(contest=contest, by=by)))


REAL_OPTIONS = [
    ImportOptions(),
    ImportOptions(contest="President", by="precinct"),
    ImportOptions(by="county"),
    ImportOptions(contest="U.S. House"),
    ImportOptions(contest="U.S. Senate", by="county"),
    ImportOptions(contest="State House"),
]


@pytest.mark.parametrize("path", real_files("openelections"), ids=lambda path: path.name)
@pytest.mark.parametrize("options", REAL_OPTIONS, ids=lambda options: f"{options.contest}-{options.by}")
@pytest.mark.parametrize("block", [2048, limits.PLAIN_BLOCK_CHARS])
def test_real_files_read_alike(path: Path, options: ImportOptions, block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "PLAIN_BLOCK_CHARS", block)
    compare(read_bytes(path), str(path), options)


HEADER = "county,precinct,office,district,party,candidate,votes"


def _file(lines: list[str]) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def _rows(contest_rows: int, others: bool = True) -> list[str]:
    """A Governor's rows between two other offices' (the President's last), or between
    counts of voters (no other contest: the Governor is chosen when none is named)."""
    office = "U.S. House,1" if others else "Registered Voters,"
    lines = [f"Adams,P{i},{office},DEM,Hal Hay,{i}" for i in range(50)]
    for i in range(contest_rows):
        votes = "*" if i % 7 == 0 else (f'"1,2{i % 100:02d}"' if i % 11 == 0 else str(i))
        lines.append(f'{"Adams" if i % 3 else "Baker"},P{i % 13},Governor,,{"DEM" if i % 3 < 2 else "REP"},Cand {i % 3},{votes}')
        lines.append(f"Adams,Total,Governor,,DEM,Cand 1,{i}")
        lines.append(f"Baker,P{i % 13},Governor,,,Over Votes,{i}")
    office = "President," if others else "Ballots Cast,"
    lines += [f"Clark,P{i},{office},REP,Pat Poe,{i}" for i in range(50)]
    return lines


@pytest.mark.parametrize("block", [64, 1024, limits.PLAIN_BLOCK_CHARS])
@pytest.mark.parametrize("by", ["county", "precinct"])
@pytest.mark.parametrize("named", [True, False], ids=["kept", "read again"])
def test_the_contest_sums_as_the_csv_module_does(block: int, by: str, named: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a vacuous comparison: the Governor's cells are the sums made here with the csv
    module. Named, its rows are kept as the pass reads them; chosen as the file's only
    contest, they are not (the pass keeps a presidency's), and the blocks that hold them
    are read again."""
    monkeypatch.setattr(limits, "PLAIN_BLOCK_CHARS", block)
    parsed = []
    parse = openelections_text._Blocks.parse
    monkeypatch.setattr(openelections_text._Blocks, "parse", lambda self, *span: parsed.append(span) or parse(self, *span))
    data = _file(_rows(400, others=named))
    source = "xx_2024_general_precinct.csv"
    options = ImportOptions(contest="Governor" if named else None, by=by)
    result = import_openelections_text(data, source, options, partial(chosen_options, options=options))
    assert result is not None and result.contest.title.startswith("Governor")
    assert (len(parsed) > len(set(parsed))) is not named
    assert compare(data, source, options) == "read in one pass"
    sums: dict[tuple[str, str], int] = {}
    withheld: dict[tuple[str, str], int] = {}
    for row in csv.DictReader(data.decode().splitlines()):
        if row["office"] != "Governor" or row["precinct"] == "Total" or row["candidate"] == "Over Votes":
            continue
        category = row["county"] if by == "county" else f"{row['county']} / {row['precinct']}"
        key = (category.casefold(), row["candidate"].casefold())
        if row["votes"] == "*":
            withheld[key] = withheld.get(key, 0) + 1
        else:
            sums[key] = sums.get(key, 0) + int(row["votes"].replace(",", ""))
    assert_cells_are_sums(result.contest, sums, withheld)
    assert any("'Total' precinct rows left out" in note for note in result.notes)
    assert any("Over Votes" in note for note in result.notes)


@pytest.mark.parametrize(
    ("late", "expected"),
    [
        ('Adams,P9,Governor,,DEM,Cand 1,"unclosed', "not a valid delimited table"),  # the csv module's error, with its line
        ("Adams,P9,Governor,,DEM,Cand 1,12,extra", "ragged row"),
        ("Adams,P9,Governor,,DEM,Cand 1", "has 6 cells"),  # a short row: its votes cell is missing
        ("Adams,P9,Governor,,DEM,Cand 1,ten", "column 7"),
        ("Adams,P9,Governor,,DEM,,12", "names no candidate"),
    ],
)
def test_a_fault_is_said_as_the_exact_path_says_it(late: str, expected: str) -> None:
    """The one-pass import steps aside; the import says what the exact path says, with the place."""
    data = _file([*_rows(300), late])
    options = ImportOptions(contest="Governor")
    assert one_pass(data, "xx_general.csv", options) is None
    answer = imported(data, "xx_general.csv", options)
    assert answer == exact(data, "xx_general.csv", options)
    assert answer[0] == "error" and expected in str(answer[1]) and "line " in str(answer[1])
