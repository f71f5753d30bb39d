"""The loaders' limits (issue 19): special files refused before they are read, and any
file within the size limit read or refused in bounded memory and time.

Each hostile read runs in a child process with a timeout, and the memory tests under
``RLIMIT_AS``, so that a regression fails the test rather than hanging the run or the
machine. Expected figures are computed here, from the files the tests write.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import limits, loads, native, read_contest, spreadsheet
from resultsviewer.core.formats.delimited import read_table
from resultsviewer.core.formats.importing import import_table

ROOT = Path(__file__).resolve().parents[3]

#: Seconds a child may take to refuse a special or hostile file: generous on a busy
#: shared machine, and still far below "forever".
CHILD_TIMEOUT = 60


def run_child(code: str, *args: str, memory_limit: int | None = None, timeout: float = CHILD_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Python ``code`` in a child process (with an address-space limit, if given)."""
    preamble = ""
    if memory_limit is not None:
        preamble = (
            "import resource\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({memory_limit}, {memory_limit}))\n"
        )
    try:
        return subprocess.run(
            [sys.executable, "-c", preamble + textwrap.dedent(code), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the child did not finish within {timeout} s (a read that blocks or runs away)")


def cli(*args: str, memory_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    return run_child("import sys; from resultsviewer.commands import main; sys.exit(main(sys.argv[1:]))", *args,
                     memory_limit=memory_limit)


# --- special files --------------------------------------------------------------------------


needs_mkfifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_mkfifo
@pytest.mark.parametrize("command", ["check", "tally"])
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    done = cli(command, str(fifo))
    assert done.returncode != 0
    assert "named pipe (FIFO)" in done.stderr and str(fifo) in done.stderr
    assert "Traceback" not in done.stderr


@needs_mkfifo
@pytest.mark.parametrize("name", ["results.xlsx", "results.ods", "contest_config.json", "ballots.csv"])
def test_a_fifo_named_as_a_workbook_rctab_file_or_ballots_is_refused(tmp_path: Path, name: str) -> None:
    """The workbook, RCTab and ballot readers open files through the same check as the
    table loaders: a FIFO named ``.xlsx`` once hung ``check`` in the workbook sniffer."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    done = cli("check", str(fifo))
    assert done.returncode != 0
    assert "named pipe (FIFO)" in done.stderr and str(fifo) in done.stderr
    assert "Traceback" not in done.stderr


@needs_mkfifo
def test_a_fifo_with_a_writer_is_refused_too(tmp_path: Path) -> None:
    """Even when a writer holds it open (the read would not block), a FIFO is no file."""
    fifo = tmp_path / "contest.results.json"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"f = open({str(fifo)!r}, 'w'); import time; time.sleep(30)"])
    try:
        done = run_child(
            "import sys; from resultsviewer.core.formats import read_contest\n"
            "from resultsviewer.core.errors import LoadError\n"
            "try:\n    read_contest(sys.argv[1])\nexcept LoadError as e:\n    print(e)\n",
            str(fifo),
        )
    finally:
        writer.kill()
        writer.wait()
    assert "named pipe (FIFO)" in done.stdout


def test_a_character_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A device node reading zeros forever (``/dev/zero``, made here with mknod)."""
    device = tmp_path / "zero.csv"
    try:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("making a device node needs root")
    done = cli("check", str(device))
    assert done.returncode != 0
    assert "a device" in done.stderr and "Traceback" not in done.stderr


def test_dev_zero_itself_is_refused(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    done = cli("check", "/dev/zero")
    assert done.returncode != 0 and "a device" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_the_window_refuses_a_fifo_without_freezing(tmp_path: Path) -> None:
    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    done = run_child(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QMessageBox
        app = QApplication([])
        shown = []
        QMessageBox.warning = staticmethod(lambda *args, **kwargs: shown.append(args[2]))
        QMessageBox.critical = QMessageBox.warning
        from resultsviewer.gui.main_window import MainWindow
        window = MainWindow()
        print("opened" if window.files.open_path(sys.argv[1], ask_to_save=False) else "refused", shown)
        window.undo_stack.setClean()
        """,
        str(fifo),
    )
    assert "refused" in done.stdout and "named pipe" in done.stdout, done.stdout + done.stderr


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets")
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("cannot bind a Unix socket here")
    try:
        with pytest.raises(LoadError, match="a socket"):
            read_contest(path)
    finally:
        server.close()


def test_a_symlink_to_a_regular_file_reads_and_to_a_fifo_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("category,A\nx,1\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert read_contest(link).row(0) == (1,) or list(read_contest(link).row(0)) == [1]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        pointing = tmp_path / "pipe.csv"
        pointing.symlink_to(fifo)
        with pytest.raises(LoadError, match="FIFO"):
            read_contest(pointing)


def test_reading_asks_for_the_files_size_not_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small file never sets 256 MB aside (it would count against an address-space limit)."""
    path = tmp_path / "small.csv"
    path.write_text("category,A\nx,1\n", encoding="utf-8")
    done = run_child(
        "import sys; from resultsviewer.core.formats import read_bytes; print(len(read_bytes(sys.argv[1])))",
        str(path),
        memory_limit=160 * 2**20 + _baseline_address_space(),
    )
    assert done.stdout.strip() == str(path.stat().st_size), done.stderr


# --- bounded memory -------------------------------------------------------------------------


def _baseline_address_space() -> int:
    """The address space a child has after importing the core (numpy's threads and all)."""
    done = subprocess.run(
        [sys.executable, "-c",
         "import resultsviewer.core.formats, resultsviewer.core.tally, resultsviewer.commands\n"
         "print(sum(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmSize')) * 1024)"],
        capture_output=True, text=True, cwd=ROOT,
    )
    try:
        return int(done.stdout.strip())
    except ValueError:
        pytest.skip("the address space of a process cannot be measured here (/proc)")


#: The memory a hostile file may take on top of the interpreter: far above what the
#: limits allow the inputs below, far below what the loaders took before (gigabytes).
HEADROOM = 900 * 2**20


def write_lines(path: Path, first: str, line: str, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(first)
        block = line * 1000
        for _ in range(count // 1000):
            stream.write(block)
        stream.write(line * (count % 1000))
    return path


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /proc are Linux's")
@pytest.mark.parametrize(
    "name, make, expected",
    [
        # One line of 20 million cells (40 MB): refused before the csv module builds it.
        ("one_line.csv", lambda p: write_lines(p, "", "1,", 20_000_000), f"more than {limits.MAX_ROW_DELIMITERS:,} delimiters"),
        # More rows of a one-candidate spreadsheet than categories accepted (2 million).
        ("tall.csv", lambda p: _distinct_tall(p, limits.MAX_SHEET_CATEGORIES + 3), "rows"),
        # A long table of 300,000 distinct categories and candidates: a grid of 9e10.
        ("long.csv", lambda p: _distinct_long(p, 300_000), "candidates, more than"),
        # 14 million empty objects in JSON.
        ("empty.json", lambda p: write_lines(p, "[", "{},", 14_000_000), "objects and lists"),
        # A 90 MB title.
        ("title.json", lambda p: _long_title(p, 90 * 2**20), "characters long"),
    ],
)
def test_hostile_files_are_refused_in_bounded_memory(tmp_path: Path, name: str, make, expected: str) -> None:
    path = make(tmp_path / name)
    done = cli("check", str(path), memory_limit=_baseline_address_space() + HEADROOM)
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "too large to read" not in done.stderr  # a MemoryError caught is no bound


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /proc are Linux's")
def test_a_table_at_the_cell_limit_loads_in_bounded_memory(tmp_path: Path) -> None:
    """A spreadsheet just under the table's cell limit is read, within the headroom."""
    rows = limits.MAX_TABLE_CELLS // 21 - 2
    path = write_lines(
        tmp_path / "at_limit.csv",
        "category," + ",".join(f"C{c}" for c in range(20)) + "\n",
        "",
        0,
    )
    with open(path, "a", encoding="utf-8") as stream:
        cells = ",".join(str(100 + c) for c in range(20))
        for row in range(rows):
            stream.write(f"P{row},{cells}\n")
    done = cli("check", str(path), memory_limit=_baseline_address_space() + HEADROOM)
    assert done.returncode == 0, done.stderr
    assert f"{rows:,} categories x 20 candidates" in done.stdout


def _distinct_tall(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("category,A\n")
        for start in range(0, rows, 10_000):
            stream.write("".join(f"p{row},1\n" for row in range(start, min(rows, start + 10_000))))
    return path


def _distinct_long(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("county,candidate,votes\n")
        for row in range(rows):
            stream.write(f"k{row},p{row},1\n")
    return path


def _long_title(path: Path, size: int) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write('{"format": "resultsviewer-contest", "version": 1, "title": "')
        block = "T" * 2**20
        for _ in range(size // 2**20):
            stream.write(block)
        stream.write('", "candidates": [{"name": "A"}], "categories": [{"name": "x", "counts": {"A": 1}}]}')
    return path


# --- the limits, one by one, in process -----------------------------------------------------


def test_a_row_wider_than_the_column_limit_is_refused_with_its_line() -> None:
    data = ("category,A\nx,1\n" + ",".join(["1"] * (limits.MAX_TABLE_COLUMNS + 5)) + "\n").encode()
    with pytest.raises(LoadError) as caught:
        spreadsheet.loads(data, "wide.csv")
    assert caught.value.place == "line 3"
    assert f"a row has {limits.MAX_TABLE_COLUMNS + 5:,} cells" in caught.value.message


def test_a_line_of_delimiters_is_stopped_before_the_csv_module_builds_it() -> None:
    data = b"category,A\n" + b";" * (limits.MAX_ROW_DELIMITERS + 1) + b"\n"
    with pytest.raises(LoadError) as caught:
        read_table(data, "semi.csv", ";")
    assert caught.value.place == "line 2" and f"more than {limits.MAX_ROW_DELIMITERS:,} delimiters (';')" in caught.value.message


def test_quoted_delimiters_are_not_cells() -> None:
    """A row of 15,000 cells of "12,345" holds 30,000 commas: it is read, not refused."""
    names = [f"C{index}" for index in range(15_000)]
    data = ("category," + ",".join(names) + "\nx," + ",".join(['"12,345"'] * len(names)) + "\n").encode()
    assert spreadsheet.loads(data, "quoted.csv").candidate_total(0) == 12345


def test_a_row_spread_over_many_lines_counts_every_line() -> None:
    """Quoted newlines cannot smuggle a wide row past the guard: each line's cells count."""
    row = ",".join(['"a\nb"'] * (limits.MAX_ROW_DELIMITERS + 5))
    with pytest.raises(LoadError, match=f"more than {limits.MAX_ROW_DELIMITERS:,} delimiters"):
        read_table(f"county,candidate,votes\n{row}\n".encode(), "spread.csv")


def test_a_wide_table_at_the_candidate_limit_loads_and_one_more_is_refused() -> None:
    names = [f"C{index}" for index in range(limits.MAX_CANDIDATES)]
    data = ("category," + ",".join(names) + ",electorate\nx," + ",".join(["1"] * len(names)) + ",9\n").encode()
    contest = spreadsheet.loads(data, "wide.csv")
    assert contest.candidate_count == limits.MAX_CANDIDATES
    data = ("category," + ",".join(names) + ",one more\nx," + ",".join(["1"] * len(names)) + ",1\n").encode()
    with pytest.raises(LoadError, match=f"{limits.MAX_CANDIDATES + 1:,} candidates, more than the"):
        spreadsheet.loads(data, "wide.csv")


def test_a_long_table_asking_for_too_large_a_grid_is_refused_before_building_it() -> None:
    rows = "".join(f"k{i},p{i},1\n" for i in range(3000))  # 3,000 x 3,000 = 9,000,000 counts
    with pytest.raises(LoadError) as caught:
        import_table(("county,candidate,votes\n" + rows).encode(), "long.csv")
    assert "3,000 categories x 3,000 candidates = 9,000,000 counts" in caught.value.message


def test_native_json_asking_for_too_large_a_grid_is_refused_before_reading_counts() -> None:
    document = {
        "format": "resultsviewer-contest",
        "version": 1,
        "candidates": [{"name": f"c{i}"} for i in range(2000)],
        "categories": [{"name": f"k{i}"} for i in range(2000)],
    }
    with pytest.raises(LoadError) as caught:
        native.loads(json.dumps(document).encode(), "big.json")
    assert "2,000 categories x 2,000 candidates = 4,000,000 counts" in caught.value.message
    assert caught.value.place == "$.categories"


@pytest.mark.parametrize("field, limit", [("title", limits.MAX_TITLE_CHARS), ("notes", limits.MAX_NOTE_CHARS)])
def test_titles_and_notes_are_bounded(field: str, limit: int) -> None:
    document = {"format": "resultsviewer-contest", "version": 1, "candidates": [], "categories": []}
    document[field] = "x" * limit
    assert getattr(native.loads(json.dumps(document).encode(), "ok.json"), field) == "x" * limit
    document[field] = "x" * (limit + 1)
    with pytest.raises(LoadError) as caught:
        native.loads(json.dumps(document).encode(), "long.json")
    assert caught.value.place == f"$.{field}" and f"{limit + 1:,} characters" in caught.value.message


def test_too_many_json_values_are_refused_before_parsing() -> None:
    data = b"[" + b"0," * limits.MAX_JSON_VALUES + b"0]"
    with pytest.raises(LoadError, match="values, more than"):
        native.loads(data, "many.json")


def test_commas_inside_strings_are_not_values() -> None:
    """The value count ignores strings: a long note full of commas is text, not values."""
    document = {"format": "resultsviewer-contest", "version": 1, "notes": "," * 90_000, "candidates": [], "categories": []}
    assert native.loads(json.dumps(document).encode(), "commas.json").notes == "," * 90_000


def test_lines_ended_by_a_lone_cr_still_read() -> None:
    contest = spreadsheet.loads(b"category,A,B\rx,1,2\ry,3,4\r", "mac.csv")
    assert [list(contest.row(i)) for i in range(2)] == [[1, 2], [3, 4]]


# --- Excel's sep= line, and -0 ----------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", "\t", ",", "|"])
def test_excels_sep_line_names_the_delimiter_of_our_csv(separator: str) -> None:
    data = f"sep={separator}\r\ncategory{separator}A{separator}B\r\nx{separator}1{separator}2\r\n".encode()
    contest = loads(data, "excel.csv")
    assert [c.name for c in contest.candidates] == ["A", "B"]
    assert list(contest.row(0)) == [1, 2]


def test_excels_sep_line_in_an_imported_table_keeps_the_line_numbers() -> None:
    data = b"sep=;\ncounty;candidate;votes\nAda;Lee;10\nAda;Kim;x\n"
    table = read_table(data, "excel.csv")
    assert table.delimiter == ";" and table.header == ["county", "candidate", "votes"]
    with pytest.raises(LoadError) as caught:
        import_table(data, "excel.csv")
    assert caught.value.place.startswith("line 4, column 3")


def test_a_first_line_that_only_looks_like_sep_is_data() -> None:
    table = read_table(b"sep=long name,b\n1,2\n", "t.csv")
    assert table.header == ["sep=long name", "b"]


@pytest.mark.parametrize("number", ["-0", "-0.0", "-0e3", "-00"])
def test_minus_zero_is_refused_in_json_as_in_csv(number: str) -> None:
    document = (
        '{"format": "resultsviewer-contest", "version": 1, "candidates": [{"name": "A"}], '
        f'"categories": [{{"name": "x", "counts": {{"A": {number}}}}}]}}'
    )
    with pytest.raises(LoadError, match="minus sign"):
        native.loads(document.encode(), "zero.json")
    with pytest.raises(LoadError, match="cannot be negative"):
        spreadsheet.loads(f"category,A\nx,{number}\n".encode(), "zero.csv")


def test_minus_signs_that_are_no_number_are_not_minus_zero() -> None:
    document = {
        "format": "resultsviewer-contest", "version": 1, "title": "a -0 b", "candidates": [{"name": "A-0"}],
        "categories": [{"name": "x", "counts": {"A-0": 10}, "weight": 1e-0}],
    }
    contest = native.loads(json.dumps(document).encode(), "ok.json")
    assert contest.title == "a -0 b" and list(contest.row(0)) == [10]


def test_a_weight_of_minus_zero_is_refused_in_csv() -> None:
    with pytest.raises(LoadError, match="from 0 up"):
        spreadsheet.loads(b"category,A,weight\nx,1,-0\n", "w.csv")
