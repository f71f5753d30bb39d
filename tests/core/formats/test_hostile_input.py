"""Hostile or broken input: every loader refuses it with a clear message, or reads it
exactly, in reasonable time and memory; none of them ever executes anything.

Decisions recorded here:

- Right-to-left names (Arabic, Hebrew, with the marks U+200E/U+200F) are ordinary text:
  accepted and kept exactly.
- Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are
  refused in names, with the code point in the message: they can make one name display
  as another ("Trojan Source"). Refusing is preferred to stripping them silently, which
  would change a name without telling anyone; no real name needs them.
- A key given twice in one JSON object is refused (json keeps the last one silently: a
  count typed twice must not be resolved by a guess), with the object's JSON path.
- NaN, Infinity and numbers beyond a float (1e400) are refused: they are not JSON, and no
  count.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

import resultsviewer.core.formats as formats_module
from resultsviewer.commands import main as cli_main
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import NATIVE, SPREADSHEET_CSV, import_contest, loads, read_contest, write_contest
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import import_table
from resultsviewer.core.formats.text import MAX_FILE_BYTES

PACKAGE = Path(__file__).resolve().parents[3] / "resultsviewer"


def document(**fields: object) -> dict:
    base: dict = {
        "format": "resultsviewer-contest",
        "version": 1,
        "candidates": [{"name": "A"}, {"name": "B"}],
        "categories": [{"name": "North", "counts": {"A": 1, "B": 2}}],
    }
    base.update(fields)
    return base


def native_bytes(**fields: object) -> bytes:
    return json.dumps(document(**fields), ensure_ascii=False).encode("utf-8")


def refused(data: bytes, source: str = "hostile.results.json") -> LoadError:
    with pytest.raises(LoadError) as caught:
        loads(data, source)
    assert caught.value.source == source
    return caught.value


def refused_by_import(data: bytes, source: str = "hostile.csv") -> LoadError:
    with pytest.raises(LoadError) as caught:
        import_table(data, source, None)
    return caught.value


# --- size -----------------------------------------------------------------------------


def test_the_size_limit_leaves_room_for_real_files() -> None:
    """Real results files are tens of MB at most (a US precinct file is 2-3 MB)."""
    assert 64 * 2**20 <= MAX_FILE_BYTES <= 1024 * 2**20


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space used
    opened: list[object] = []
    # Refused by its size, not read: the reader never opens the file.
    monkeypatch.setattr(formats_module, "open", lambda *args, **kwargs: opened.append(args), raising=False)
    with pytest.raises(LoadError) as caught:
        read_contest(huge)
    assert opened == [], "the file was opened, not refused by its size"
    assert caught.value.source == str(huge)
    assert f"larger than the {MAX_FILE_BYTES // 2**20} MB a results file may be" in caught.value.message
    assert "256 MB" in caught.value.message or f"{MAX_FILE_BYTES // 2**20:,} MB" in caught.value.message


def test_a_file_just_under_the_limit_gets_past_the_size_check(tmp_path: Path) -> None:
    """At the limit the size is not what refuses it (here: it is all zero bytes)."""
    near = tmp_path / "near.csv"
    with open(near, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES)
    with pytest.raises(LoadError, match="binary file"):
        read_contest(near)


def test_a_file_of_tens_of_mb_loads(tmp_path: Path) -> None:
    """A native file of ~30 MB (40,000 categories x 25 candidates) loads, and how fast."""
    names = [f"Candidate number {index}" for index in range(25)]
    categories = [
        {"name": f"Precinct {index:05d}", "counts": {name: (index * 7 + column) % 5000 for column, name in enumerate(names)}}
        for index in range(40_000)
    ]
    big = tmp_path / "big.results.json"
    big.write_text(json.dumps(document(candidates=[{"name": n} for n in names], categories=categories), indent=2))
    size = big.stat().st_size
    assert size > 30 * 2**20
    started = time.perf_counter()
    contest = read_contest(big)
    elapsed = time.perf_counter() - started
    print(f"\nloaded {size / 2**20:.1f} MB native ({contest.category_count:,} x {contest.candidate_count}) in {elapsed:.2f} s")
    assert contest.category_count == 40_000 and contest.candidate_count == 25
    assert contest.count(39_999, 24) == (39_999 * 7 + 24) % 5000


REAL_FILES = [
    ("openelections/tx_20221108__tx__general__collin__precinct.csv", {"contest": "Governor", "by": "precinct"}, 267),
    ("openelections/nm_20241105__nm__general__precinct.csv", {"contest": "President", "by": "precinct"}, 2169),
    ("medsl/1976-2020-president.csv", {"where": (("year", "2020"),)}, 51),
]


@pytest.mark.parametrize(("name", "choices", "categories"), REAL_FILES)
def test_the_largest_real_files_load(shared_real: Path, name: str, choices: dict, categories: int) -> None:
    path = shared_real / name
    started = time.perf_counter()
    contest = import_contest(path, ImportOptions(**choices)).contest
    elapsed = time.perf_counter() - started
    print(f"\n{path.name}: {path.stat().st_size / 2**20:.1f} MB in {elapsed:.2f} s")
    assert contest.category_count == categories


# --- nesting and numbers --------------------------------------------------------------


@pytest.mark.parametrize("opening", [b"[", b'{"a":', b'{"format":'])
def test_deep_nesting_is_refused_quickly(opening: bytes) -> None:
    # Refused by the nesting bound, not by running out of stack; how fast is benchmarks/' business.
    error = refused(opening * 100_000)
    assert "nested more than" in error.message and error.place == "line 1"


def test_deep_nesting_inside_strings_is_not_nesting() -> None:
    # In the notes: a title is at most 1,000 characters (limits.MAX_TITLE_CHARS).
    contest = loads(native_bytes(notes="[" * 10_000 + "{" * 10_000), "t.results.json")
    assert contest.notes.startswith("[[[")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_their_place(token: str) -> None:
    text = native_bytes().decode().replace('"A": 1', f'"A": {token}')
    error = refused(text.encode())
    assert error.place == "$.categories[0].counts.A"
    assert token in error.message


def test_nan_anywhere_is_refused_even_where_a_number_is_allowed() -> None:
    text = native_bytes(categories=[{"name": "North", "weight": 1.5, "counts": {"A": 1}}]).decode()
    error = refused(text.replace("1.5", "NaN").encode())
    assert error.place == "$.categories[0].weight" and "NaN" in error.message


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1.5e999"])
def test_numbers_beyond_a_float_are_refused(number: str) -> None:
    text = native_bytes().decode().replace('"B": 2', f'"B": {number}')
    error = refused(text.encode())
    assert error.place == "$.categories[0].counts.B" and number in error.message


def test_a_number_of_thousands_of_digits_is_refused_not_a_crash() -> None:
    """int() refuses more than 4,300 digits with a ValueError; it must be a LoadError."""
    text = native_bytes().decode().replace('"B": 2', '"B": 1' + "0" * 5000)
    assert "thousands of digits" in refused(text.encode()).message
    csv = b"category,A\nNorth,1" + b"0" * 5000 + b"\n"
    assert refused(csv, "long.csv").place.startswith("line 2")
    assert refused_by_import(csv).message


def test_a_count_beyond_the_largest_is_refused() -> None:
    text = native_bytes().decode().replace('"B": 2', '"B": 9007199254740993')
    assert refused(text.encode()).place == "$.categories[0].counts.B"


def test_duplicate_keys_are_refused_with_the_objects_path() -> None:
    text = '{"format": "resultsviewer-contest", "version": 1, "candidates": [{"name": "A"}], ' \
           '"categories": [{"name": "North", "counts": {"A": 1, "A": 5}}]}'
    error = refused(text.encode())
    assert error.place == "$.categories[0].counts"
    assert "'A' appears twice" in error.message
    top = native_bytes().decode().replace('"version": 1', '"version": 1, "title": "x", "title": "y"')
    assert refused(top.encode()).place == "$"


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x80", "\x9b"])
def test_control_characters_in_names_are_refused_with_their_place(control: str) -> None:
    """(Tabs, newlines and U+0085 are white space: a name's runs of white space become one space.)"""
    name = f"Bad{control}Name"
    if control == "\x00":  # a raw NUL byte makes the CSV binary before any name is read
        assert "binary" in refused(f"category,A\n{name},1\n".encode(), "names.csv").message
        error = refused(native_bytes(candidates=[{"name": name}, {"name": "B"}], categories=[]))  # written \u0000
        assert error.place == "$.candidates[0].name" and "control characters" in error.message
        return
    error = refused(native_bytes(candidates=[{"name": name}, {"name": "B"}], categories=[]))
    assert error.place == "$.candidates[0].name" and "control characters" in error.message
    csv = f"category,A\n{name},1\n".encode()
    error = refused(csv, "names.csv")
    assert error.place == "line 2, column 1 (category)" and "control characters" in error.message
    error = refused(f"category,{name}\nNorth,1\n".encode(), "names.csv")
    assert error.place == "line 1, column 2" and "control characters" in error.message


RTL_NAMES = ["محمد عبد الله", "דוד בן־גוריון", "\u200fשרה\u200f לוי", "Ahmad \u0623\u062d\u0645\u062f (Independent)"]


def test_right_to_left_names_are_kept_exactly_in_both_formats(tmp_path: Path) -> None:
    contest = loads(
        native_bytes(
            candidates=[{"name": name} for name in RTL_NAMES],
            categories=[{"name": "القدس", "counts": {name: 1 for name in RTL_NAMES}}],
        ),
        "rtl.results.json",
    )
    assert [c.name for c in contest.candidates] == RTL_NAMES
    for file_format, name in ((NATIVE, "rtl.results.json"), (SPREADSHEET_CSV, "rtl.csv")):
        path = tmp_path / name
        write_contest(contest, path, file_format)
        again = read_contest(path)
        assert [c.name for c in again.candidates] == RTL_NAMES
        assert again.category(0).name == "القدس"


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidirectional_controls_in_names_are_refused(control: str) -> None:
    """'Smith\u202eenoJ' displays as 'SmithJone' reversed: one name posing as another."""
    name = f"Smith{control}enoJ"
    error = refused(native_bytes(candidates=[{"name": name}, {"name": "B"}], categories=[]))
    assert error.place == "$.candidates[0].name"
    assert f"U+{ord(control):04X}" in error.message and "display as another" in error.message
    error = refused(f"category,{name}\nNorth,1\n".encode(), "bidi.csv")
    assert error.place == "line 1, column 2" and f"U+{ord(control):04X}" in error.message
    assert f"U+{ord(control):04X}" in refused_by_import(f"category,{name}\nNorth,1\n".encode()).message


def test_ten_thousand_candidates_load_in_reasonable_time() -> None:
    names = [f"Candidate {index}" for index in range(10_000)]
    rows = "".join(f"Region {r}," + ",".join(str(i % 977) for i in range(10_000)) + "\n" for r in range(20))
    csv = ("category," + ",".join(names) + "\n" + rows).encode()
    native = json.dumps(
        document(candidates=[{"name": n} for n in names], categories=[{"name": f"Region {r}", "counts": {n: 1 for n in names}} for r in range(20)])
    ).encode()
    timings = {}
    for label, data, source in (("csv", csv, "many.csv"), ("native", native, "many.results.json")):
        started = time.perf_counter()
        contest = loads(data, source)
        timings[label] = time.perf_counter() - started
        assert contest.candidate_count == 10_000 and contest.category_count == 20
    started = time.perf_counter()
    assert import_table(csv, "many.csv", None).contest.candidate_count == 10_000
    timings["import"] = time.perf_counter() - started
    print("\n10,000 candidates x 20: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))


def test_a_hundred_thousand_columns_load_or_are_refused_quickly() -> None:
    header = "category," + ",".join(f"c{i}" for i in range(100_000))
    data = (header + "\nNorth," + ",".join("1" for _ in range(100_000)) + "\n").encode()
    for read in (lambda: loads(data, "wide.csv"), lambda: import_table(data, "wide.csv", None).contest):
        try:
            assert read().candidate_count == 100_000
        except LoadError as error:
            assert error.message


# --- not text -------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["junk.results.json", "junk.csv"])
def test_binary_junk_and_nul_bytes(source: str) -> None:
    assert "binary file" in refused(bytes(range(256)) * 40, source).message
    error = refused(b"category,A\nNorth,1\x00\n", source)
    assert "binary file" in error.message and "offset 18" in error.message
    assert "not UTF-8" in refused(b"category,A\nNorth \xe9,1\n" * 3, source).message


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_utf16_and_utf32_files_name_their_encoding(encoding: str, named: str) -> None:
    for data, source in ((native_bytes().decode().encode(encoding), "wide.results.json"), ("category,A\nNorth,1\n".encode(encoding), "t.csv")):
        error = refused(data, source)
        assert named in error.message and "save it as UTF-8" in error.message
        assert named in refused_by_import(data, source).message


def test_a_ten_mb_cell_is_refused_clearly() -> None:
    for cell_at in ("category,A\nNorth,{}\n", "category,A\n{},1\n", "category,{}\nNorth,1\n"):
        data = cell_at.format("1" * 10_000_000).encode()
        for error in (refused(data, "big-cell.csv"), refused_by_import(data, "big-cell.csv")):
            assert "a cell is larger than 64 KB" in error.message and error.place


# Files of 4 MB or more go first to the long-file engine and the dialog's head reader,
# which read the header on their own: each says what the whole-file reader says.
_LARGE_CELL_FILES = {
    "header": (b"county,precinct,office,candidate,votes," + b"x" * 5_000_000 + b"\nA,B,President,C,1,\n", "line 1, column 6"),
    "one-line": (b"a" * 5_000_000, "line 1, column 1"),
    "quoted": (b'county,"a,b' + b"x" * 5_000_000 + b'",votes\nA,1\n', "line 1, column 2"),
    "second-line": (b"county,precinct,office,candidate,votes\nA,B,President,C," + b"9" * 5_000_000 + b"\n", "line 2, column 5"),
}


@pytest.mark.parametrize("name", sorted(_LARGE_CELL_FILES))
def test_a_large_file_with_a_giant_cell_is_refused_with_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
) -> None:
    from resultsviewer.core.formats.opening import open_contest_file

    data, place = _LARGE_CELL_FILES[name]
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    # A giant cell after the first 1 MB is not in the head the window opens first (the
    # import that follows refuses it), nor read by the spreadsheet reader (no 'category').
    readers = (import_contest,) if name == "second-line" else (import_contest, open_contest_file, read_contest)
    for read in readers:
        started = time.perf_counter()
        with pytest.raises(LoadError) as caught:
            read(path)
        assert time.perf_counter() - started < 10
        assert caught.value.source == str(path)
        assert caught.value.place == place
        assert "a cell is larger than 64 KB" in caught.value.message
    assert cli_main(["check", str(path)]) == 1
    error = capsys.readouterr().err
    assert "Traceback" not in error and f"{path}, {place}: " in error and len(error.strip().splitlines()) == 1


def test_giant_cells_in_tabulators_files_are_refused_with_their_line(tmp_path: Path) -> None:
    from resultsviewer.core.formats.ballots import read_ballots_csv
    from resultsviewer.core.formats.rctab import read_report_csv

    ballots = tmp_path / "ballots.csv"
    ballots.write_bytes(b"Rank 1,Rank 2,Note " + b"x" * 200_000 + b"\nAnn,Bob,\n")
    with pytest.raises(LoadError) as caught:
        read_ballots_csv(ballots)
    assert caught.value.place == "line 1, column 3" and "a cell is larger than 64 KB" in caught.value.message
    report = b"Contest Information\nContest,Mayor\n,\nRounds,Round 1 Votes\nAnn," + b"1" * 200_000 + b"\n"
    with pytest.raises(LoadError) as caught:
        read_report_csv(report, "report.csv")
    assert caught.value.place == "line 5" and "a cell is larger than 64 KB" in caught.value.message


def test_the_column_of_a_giant_cell() -> None:
    from resultsviewer.core.formats.limits import MAX_CELL_CHARS, large_cell_column

    big = "x" * (MAX_CELL_CHARS + 10)
    assert large_cell_column(f"a,b,{big},d\r\n") == 3
    assert large_cell_column(f'"a,b",{big}\n') == 2  # a delimiter inside quotes is no column
    assert large_cell_column(f'a;"say ""{big}""";c', ";") == 2
    assert large_cell_column(big) == 1
    assert large_cell_column("a,b,c\n") is None


def test_empty_and_blank_files() -> None:
    for data in (b"", b"   \n\n", b"\xef\xbb\xbf"):
        assert refused(data, "empty.csv").message
        assert refused(data, "empty.results.json").message


def test_the_command_line_says_one_line_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "hostile.results.json"
    hostile.write_bytes(b"[" * 100_000)
    assert cli_main(["check", str(hostile)]) == 1
    error = capsys.readouterr().err
    assert "Traceback" not in error and str(hostile) in error and len(error.strip().splitlines()) == 1


# --- nothing is executed --------------------------------------------------------------


def test_the_package_never_executes_file_content() -> None:
    """Loaders use json and csv only: no pickle, eval, exec (Qt's dialog.exec() aside) or YAML."""
    pattern = re.compile(r"\bpickle\b|\bmarshal\b|\bshelve\b|(?<![\w.])eval\(|(?<![\w.])exec\(|\byaml\b|__import__\(")
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
    assert os.path.isdir(PACKAGE / "core" / "formats")


def test_the_grep_finds_what_it_looks_for() -> None:
    """The pattern above is not vacuous."""
    pattern = re.compile(r"\bpickle\b|\bmarshal\b|\bshelve\b|(?<![\w.])eval\(|(?<![\w.])exec\(|\byaml\b|__import__\(")
    for line in ("import pickle", "x = eval(text)", "exec(code)", "yaml.safe_load(s)", "__import__('os')"):
        assert pattern.search(line)
    assert not pattern.search("dialog.exec()") and not pattern.search("evaluation(x)")


def test_a_lone_surrogate_escape_is_refused_with_its_place():
    """``"\\ud800"`` is valid JSON but no text: it could never be written back as UTF-8."""
    from resultsviewer.core.errors import LoadError
    from resultsviewer.core.formats import native

    document = (
        b'{"format": "resultsviewer-contest", "version": 1, "title": "t", '
        b'"candidates": [{"name": "A\\ud800"}], "categories": [{"name": "C", "counts": {}}]}'
    )
    with pytest.raises(LoadError) as raised:
        native.loads(document, "surrogate.results.json")
    assert "surrogate" in raised.value.message and raised.value.place == "$.candidates[0].name"
    # A proper pair (an emoji written as two escapes) is text, and is kept.
    pair = document.replace(b"A\\ud800", b"A\\ud83d\\ude00")
    assert native.loads(pair, "pair.results.json").candidate(0).name == "A\U0001F600"
