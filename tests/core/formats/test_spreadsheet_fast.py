"""The spreadsheet CSV's fast path accepts exactly what the exact reader accepts, and gives
the same contest; what it cannot read exactly it leaves to the exact reader, so every
refusal has the exact reader's message. Generated files mix plain rows with messy
numbers, withheld cells, bad cells, blank lines and a Total row, at random places."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resultsviewer.core.contest import Contest
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import spreadsheet, spreadsheet_fast
from resultsviewer.core.formats.csv_safety import spreadsheet_unescape
from resultsviewer.core.formats.text import decode_text

plain_count = st.integers(0, 99_999).map(str)
#: Counts the exact reader accepts though they are not plain digits.
messy_count = st.sampled_from(["*", "", " 12", "1 234", "007", "0" * 15 + "1", "9" * 9, "12 "])
#: Names the exact reader keeps otherwise than written (spaces collapsed, a formula's guard
#: taken off) or that are not plain ASCII.
odd_names = st.sampled_from(["'=A1", "'Plain", "Saint  Paul", " Edge", "Zürich", "a\tb", "'-x", "Trailing "])
names = st.one_of(st.from_regex(r"Q[0-9]{1,5}", fullmatch=True), st.from_regex(r"Q[0-9]{1,5}", fullmatch=True), odd_names)
#: One thing the exact reader refuses, put at a random row (or none).
faults = st.sampled_from([*[None] * 8, "-5", "abc", "12.0", "9" * 16, "9" * 20, "\u0663", "duplicate", "total", "no name",
                          "ragged", "Del\x7f", "L" * 501])


def kept(name: str) -> str:
    return spreadsheet_unescape(" ".join(name.split())).casefold()


def file_lines(data: st.DataObject, width: int) -> list[str]:
    count = data.draw(st.integers(1, 40))
    row_names = data.draw(st.lists(names, min_size=count, max_size=count, unique_by=kept))
    rows = [
        [name, *data.draw(st.lists(plain_count | plain_count | messy_count, min_size=width, max_size=width))]
        for name in row_names
    ]
    fault = data.draw(faults)
    where = data.draw(st.integers(0, count - 1))
    if fault == "duplicate" and count > 1:
        rows[where][0] = rows[(where + 1) % count][0].upper()
    elif fault == "total":
        rows[where][0] = "Total"
    elif fault == "no name":
        rows[where][0] = " "
    elif fault == "ragged":
        rows[where].append("3")
    elif fault in ("Del\x7f", "L" * 501):
        rows[where][0] = fault
    elif fault is not None:
        rows[where][1 + data.draw(st.integers(0, width - 1))] = fault
    lines = [",".join(row) for row in rows]
    for _ in range(data.draw(st.integers(0, 3))):  # blank lines, of nothing or of empty cells
        lines.insert(data.draw(st.integers(0, len(lines))), data.draw(st.sampled_from(["", ",,", " "])))
    return lines


def outcome(read, data: bytes) -> object:
    try:
        contest = read(data)
    except LoadError as error:
        return ("error", str(error))
    return None if contest is None else described(contest)


def described(contest: Contest) -> tuple:
    return (
        contest.title,
        [candidate.name for candidate in contest.candidates],
        contest.category_names,
        [contest.row(index) for index in range(contest.category_count)],
        dict(contest.declared.candidate_totals),
        contest.declared.rejected,
        contest.declared.electorate,
        contest.unknown_cells,
        contest.total_votes,
    )


def exact(data: bytes, source: str = "t.csv") -> Contest:
    return spreadsheet.read_text(decode_text(data, source), source, ",")


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    width=st.integers(1, 4),
    data=st.data(),
    total=st.sampled_from([None, "Total", "TOTAL"]),
    crlf=st.booleans(),
    block=st.sampled_from([16, 64, 1 << 20]),
)
def test_the_fast_path_gives_the_exact_readers_contest_or_leaves_the_file_to_it(
    width: int, data: st.DataObject, total: str | None, crlf: bool, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = ",".join(["category", *(f"C{index}" for index in range(width))])
    lines = [header, *file_lines(data, width)]
    if total is not None:
        lines.append(",".join([total, *data.draw(st.lists(plain_count | messy_count, min_size=width, max_size=width))]))
    text = ("\r\n" if crlf else "\n").join(lines) + data.draw(st.sampled_from(["", "\n", "\n\n"]))
    encoded = text.encode("utf-8")
    # Small blocks: rows of one file fall in many blocks, plain and messy side by side.
    monkeypatch.setattr(spreadsheet_fast, "BLOCK_BYTES", block)
    expected = outcome(exact, encoded)
    fast = outcome(lambda raw: spreadsheet_fast.fast_loads(raw, "t.csv"), encoded)
    event("read by the fast path" if fast is not None else "left to the exact reader")
    if fast is not None:
        assert fast == expected  # never a contest where the exact reader refuses, nor another one
    # Through the reader's door, whichever path it takes: the same contest, or the same message.
    monkeypatch.setattr(spreadsheet, "FAST_PATH_BYTES", 0)
    assert outcome(lambda raw: spreadsheet.loads(raw, "t.csv"), encoded) == expected


def test_plain_files_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messy numbers and withheld cells cost only their block: the fast path still reads the file."""
    monkeypatch.setattr(spreadsheet_fast, "BLOCK_BYTES", 64)
    rows = [f"P{index},{index},{index * 2}" for index in range(200)]
    rows[50] = 'P50,"1,234",7'  # a quote anywhere: the whole file goes to the exact reader
    quoted = ("category,A,B\n" + "\n".join(rows) + "\n").encode()
    assert spreadsheet_fast.fast_loads(quoted, "q.csv") is None
    rows[50] = "P50,*,7"
    rows[120] = "P120, 1 234 ,7"
    rows.append("Total,,")
    messy = ("category,A,B\n" + "\n".join(rows) + "\n").encode()
    contest = spreadsheet_fast.fast_loads(messy, "t.csv")
    assert contest is not None
    assert described(contest) == described(exact(messy))
    assert contest.count(50, 0) is None and contest.count(120, 0) == 1234
    # Expected from the rows as written: A is the index (50 withheld, 120 read as 1,234).
    assert contest.candidate_total(0) == sum(range(200)) - 50 - 120 + 1234


def test_a_large_file_read_from_its_path_matches_the_exact_reader(tmp_path) -> None:
    import csv

    path = tmp_path / "large.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(["category", "A", "B", "C"])
        for index in range(60_000):
            writer.writerow([f"Precinct {index}", index % 1000, (index * 7) % 5000, "*" if index == 777 else index])
    assert path.stat().st_size > spreadsheet.FAST_PATH_BYTES
    contest = spreadsheet_fast.fast_read(path, str(path))
    assert contest is not None
    assert described(contest) == described(exact(path.read_bytes(), str(path)))
    # Sums computed apart, with the csv module.
    with open(path, newline="", encoding="utf-8") as stream:
        body = list(csv.reader(stream))[1:]
    assert contest.candidate_total(1) == sum(int(row[2]) for row in body)
    assert contest.candidate_total(2) == sum(int(row[3]) for row in body if row[3] != "*")


def test_a_file_written_to_between_the_passes_is_left_to_the_exact_reader() -> None:
    """The first pass counts the lines and looks for quotes; if the second finds more lines, or
    a quote, the fast path gives up rather than overrun its array or misread a quoted cell."""
    header = b"category,A,B\n"
    first = header + b"".join(b"P%d,1000,2000\n" % index for index in range(10))
    more_lines = header + b"".join(b"P%d,1,2\n" % index for index in range(16))
    quoted = header + b"".join(b'P%d,"1000",200\n' % index for index in range(10))
    for second in (more_lines.ljust(len(first), b"\n"), quoted[: len(first)]):
        assert len(second) == len(first)
        body_reads: list[int] = []

        def read_at(offset: int, size: int, second: bytes = second, body_reads: list[int] = body_reads) -> bytes:
            if offset == len(header):
                body_reads.append(offset)
            # Read from the header's end three times: the last line, the first pass, the second.
            data = second if len(body_reads) > 2 else first  # the second pass sees the new file
            return data[offset:offset + size]

        assert spreadsheet_fast._read(read_at, len(first), "changing.csv") is None
        assert len(body_reads) == 3
