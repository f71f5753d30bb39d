"""Round-by-round tables (report workbooks and CSV) as contests with every round.

The real reports are checked against their cells as openpyxl reads them (a reader the
code under test does not use), the synthetic ones against the numbers the test writes.
"""

from __future__ import annotations

import csv
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.contest import Status
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest
from resultsviewer.core.rounds import EXHAUSTED, InactiveKind

xlsxwriter = pytest.importorskip("xlsxwriter")


# --- the real reports, cell by cell -----------------------------------------------------------


def _report_by_openpyxl(path: Path) -> dict:
    """Every round of a Dominion RCV Short Report straight from its cells: the row
    'Candidate' carries the 'Round N' labels, the row under it Votes and Transfer."""
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    top = next(i for i, row in enumerate(rows) if row[0] == "Candidate")
    starts = [c for c, v in enumerate(rows[top]) if isinstance(v, str) and v.startswith("Round ")]
    under = rows[top + 1]
    votes_cols, transfer_cols = [], []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(under)
        votes_cols.append(next(c for c in range(start, end) if under[c] == "Votes"))
        transfer_cols.append(next(c for c in range(start, end) if isinstance(under[c], str) and under[c].startswith("Transfer")))
    candidates, ballot_rows = {}, {}
    for row in rows[top + 2:]:
        if row[0] is None:
            continue
        if row[0] in ("Continuing Ballots Total", "Blanks", "Exhausted", "Overvotes", "Non Transferable Total", "Threshold"):
            ballot_rows[row[0]] = ([row[c] for c in votes_cols], [row[c] for c in transfer_cols])
        elif not ballot_rows:
            candidates[row[0]] = ([row[c] for c in votes_cols], [row[c] for c in transfer_cols])
    return {"rounds": len(votes_cols), "candidates": candidates, "ballots": ballot_rows}


def test_sf_mayor_2019_every_round_against_its_cells(shared_real: Path) -> None:
    path = shared_real / "workbooks" / "sf-mayor-2019.xlsx"
    report = _report_by_openpyxl(path)
    result = import_contest(path)
    rounds = result.contest.rounds
    assert rounds is not None and not rounds.derived
    assert len(rounds.rounds) == report["rounds"] == 6
    candidates = report["candidates"]
    exhausted, exhausted_moves = report["ballots"]["Exhausted"]
    overvotes, overvote_moves = report["ballots"]["Overvotes"]
    continuing = report["ballots"]["Continuing Ballots Total"][0]
    for r, round_ in enumerate(rounds.rounds):
        # Every candidate still counting, with the votes in the cell; the rest are out.
        expected = {name: Decimal(int(votes[r])) for name, (votes, _) in candidates.items() if votes[r]}
        assert dict(round_.tally) == expected, f"round {r + 1}"
        assert round_.active == continuing[r]
        assert round_.inactive[InactiveKind.EXHAUSTED_CHOICES] == exhausted[r]
        assert round_.inactive[InactiveKind.OVERVOTES] == overvotes[r]
        # Eliminated: counted in this round, not in the next; their transfer column is minus their votes.
        if r + 1 < len(rounds.rounds):
            out = {name for name, (votes, moves) in candidates.items() if votes[r] and not votes[r + 1]}
            assert set(round_.eliminated) == out
            assert all(candidates[name][1][r] == -candidates[name][0][r] for name in out)
            # The transfers against the report's own Transfer column (not the votes we read).
            (source,) = round_.eliminated
            moved = dict(round_.transfers[source])
            assert moved.pop(EXHAUSTED, 0) == exhausted_moves[r] + overvote_moves[r]
            assert moved == {name: moves[r] for name, (votes, moves) in candidates.items() if moves[r] and moves[r] > 0}
    blanks = report["ballots"]["Blanks"][0]
    assert rounds.undervotes == blanks[0]
    final = {name: votes[-1] for name, (votes, _) in candidates.items()}
    winner = max(final, key=final.get)
    assert rounds.winners == (winner,) == ("LONDON N. BREED",)
    assert rounds.total_ballots == continuing[0] + report["ballots"]["Non Transferable Total"][0][0]
    notes = "\n".join(result.notes)
    assert "read 6 rounds of 7 candidates" in notes
    assert "MARC ROTH after round 1" in notes and "JOEL VENTRESCA after round 5" in notes
    assert "winner inferred from the final round (Round 6): LONDON N. BREED" in notes
    # Counts of the contest are the first round's.
    contest = result.contest
    assert {c.name: contest.count(0, j) for j, c in enumerate(contest.candidates)} == {n: v[0] for n, (v, _) in candidates.items()}


def test_santa_fe_one_round_won_at_the_threshold(shared_real: Path) -> None:
    path = shared_real / "workbooks" / "santa-fe-d4.xlsx"
    report = _report_by_openpyxl(path)
    rounds = import_contest(path).contest.rounds
    assert rounds is not None and len(rounds.rounds) == 1
    (round_,) = rounds.rounds
    assert dict(round_.tally) == {name: votes[0] for name, (votes, _) in report["candidates"].items()}
    assert round_.threshold == report["ballots"]["Threshold"][0][0]
    assert round_.inactive[InactiveKind.OVERVOTES] == report["ballots"]["Overvotes"][0][0]
    assert rounds.winners == ("JAMIE CASSUTT-SANCHEZ",)
    assert "reaching the threshold of 1,676" in rounds.summary()


@pytest.mark.parametrize(("name", "title", "date", "status"), [
    # As the reports' headings say them (rows 4-6 and 3-13 of their sheets).
    ("sf-mayor-2019.xlsx", "City and County of San Francisco, November 5, 2019, Consolidated Municipal Election: MAYOR",
     "2019-11-05", Status.FINAL),
    ("santa-fe-d4.xlsx", "General Election, Santa Fe County: COUNCILOR POSITION 4 SANTA FE COUNCIL 4", "2019-11-05",
     Status.PROVISIONAL),
])
def test_the_real_reports_headings(shared_real: Path, name: str, title: str, date: str, status: Status) -> None:
    contest = import_contest(shared_real / "workbooks" / name).contest
    assert (contest.title, contest.date, contest.status) == (title, date, status)


def test_real_report_through_the_command_line(shared_real: Path, capsys, tmp_path: Path) -> None:
    path = shared_real / "workbooks" / "sf-mayor-2019.xlsx"
    assert main(["tally", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["winner"] == "LONDON N. BREED"
    assert [r["eliminated"] for r in document["rounds"]][:2] == [["MARC ROTH"], ["ROBERT L. JORDAN, JR."]]
    assert document["rounds"][-1]["tally"] == {"ELLEN LEE ZHOU": 35706, "LONDON N. BREED": 134345}
    saved = tmp_path / "sf.results.json"
    assert main(["convert", str(path), str(saved)]) == 0
    capsys.readouterr()
    assert main(["tally", str(saved), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rounds"] == document["rounds"]


# --- a synthetic printed report (XlsxWriter) -------------------------------------------------------

CANDIDATES = ["Ada Ortiz", "Bo Chen", "Cy Moreau*", "Di Park"]
#: Votes per round (None: out of the count, the cell left empty).
VOTES = [
    [400, 420, 470],
    [300, 330, 390],
    [150, 170, None],
    [100, None, None],
]
EXHAUSTED_ROW = [0, 25, 70]
OVERVOTES_ROW = [50, 55, 70]
BLANKS = 12


def _write_report(path: Path, *, continuing: list[int] | None = None, votes: list[list[int | None]] | None = None,
                  heading: list[object] | None = None) -> None:
    """The report; ``heading``: the cells of the rows above its table (one a row, in column A),
    else the report's name and the contest's."""
    votes = votes or VOTES
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Report")
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, cell in enumerate(heading if heading is not None else ["RCV Short Report", "City Council, Ward 3"]):
        if isinstance(cell, datetime.datetime):
            sheet.write_datetime(r, 0, cell, when)
        elif cell is not None:
            sheet.write(r, 0, cell, bold if r == 0 else None)
    top = 3 if heading is None else len(heading) + 1
    sheet.merge_range(top, 0, top + 1, 0, "Candidate")  # over both header rows, as the printed reports have it
    for r in range(3):
        sheet.merge_range(top, 1 + 2 * r, top, 2 + 2 * r, f"Round {r + 1}")
        sheet.write(top + 1, 1 + 2 * r, "Votes")
        sheet.write(top + 1, 2 + 2 * r, "Percentage")
    row = top + 2
    for name, counts in zip(CANDIDATES, votes):
        sheet.write(row, 0, name)
        for r, count in enumerate(counts):
            if count is not None:
                sheet.write_number(row, 1 + 2 * r, count)
                sheet.write_number(row, 2 + 2 * r, count / 1000)
        row += 1
    totals = continuing or [sum(c[r] or 0 for c in votes) for r in range(3)]
    for label, values in (("Continuing Ballots Total", totals), ("Blanks", [BLANKS] * 3),
                          ("Exhausted", EXHAUSTED_ROW), ("Overvotes", OVERVOTES_ROW),
                          ("Non Transferable Total", [BLANKS + e + o for e, o in zip(EXHAUSTED_ROW, OVERVOTES_ROW)])):
        sheet.write(row, 0, label)
        for r, value in enumerate(values):
            sheet.write_number(row, 1 + 2 * r, value)
        row += 1
    sheet.write(row + 1, 0, "* Tie resolved in accordance with election law.")
    book.close()


def test_synthetic_report_every_round(tmp_path: Path) -> None:
    path = tmp_path / "ward3.xlsx"
    _write_report(path)
    result = import_contest(path)
    rounds = result.contest.rounds
    assert rounds is not None and len(rounds.rounds) == 3
    names = [n.rstrip("*") for n in CANDIDATES]
    for r, round_ in enumerate(rounds.rounds):
        assert dict(round_.tally) == {n: Decimal(v[r]) for n, v in zip(names, VOTES) if v[r] is not None}
        assert round_.inactive[InactiveKind.EXHAUSTED_CHOICES] == EXHAUSTED_ROW[r]
        assert round_.inactive[InactiveKind.OVERVOTES] == OVERVOTES_ROW[r]
    assert [r.eliminated for r in rounds.rounds] == [("Di Park",), ("Cy Moreau",), ()]
    assert rounds.rounds[1].tie_broken == ("Cy Moreau",)
    # Di Park's 100: Ada +20, Bo +30, Cy +20, and 5 + 25 more inactive (exhausted 25, overvotes 5).
    assert rounds.rounds[0].transfers == {"Di Park": {"Ada Ortiz": 20, "Bo Chen": 30, "Cy Moreau": 20, EXHAUSTED: 30}}
    assert rounds.winners == ("Ada Ortiz",)
    assert rounds.undervotes == BLANKS
    assert rounds.total_ballots == 950 + 50 + BLANKS
    assert "Ada Ortiz won in round 3 of 3 with 470 votes" in rounds.summary()
    notes = "\n".join(result.notes)
    assert "'Percentage'" not in notes or "are not read" in notes
    assert "marked with * (a tie resolved by the rules): Cy Moreau" in notes
    assert "'Blanks' (12 in every round) taken as ballots that rank no one" in notes


def test_the_reports_heading_gives_the_title_date_and_status(tmp_path: Path) -> None:
    """Dominion's heading, as the printed reports lay it out: the page and the time it was
    printed, the report's name, the election, its date, the contest, then how final."""
    path = tmp_path / "springfield.xlsx"
    _write_report(path, heading=[
        "Page: 1 / 1", datetime.datetime(2019, 11, 25, 15, 58), None, "Final RCV Short Report\nCity of Springfield",
        "General Election", datetime.datetime(2019, 11, 5), "CITY COUNCIL  WARD 3", "Unofficial results",
        "Tabulation Options", "RCV method",
    ])
    result = import_contest(path)
    contest = result.contest
    assert contest.title == "City of Springfield, General Election: CITY COUNCIL WARD 3"
    assert contest.date == "2019-11-05"  # the election's, not the time it was printed
    assert contest.status is Status.PROVISIONAL
    assert ("title 'City of Springfield, General Election: CITY COUNCIL WARD 3', date 2019-11-05, status provisional: "
            "read from the report's heading (rows 4-8 of sheet 'Report')") in result.notes
    # A date in words, and official results: final.
    _write_report(path, heading=["RCV Short Report\nCounty of Lake\nMarch 3, 2020, Presidential Primary", "SHERIFF",
                                 "Official results"])
    contest = import_contest(path).contest
    assert (contest.title, contest.date, contest.status) == (
        "County of Lake, March 3, 2020, Presidential Primary: SHERIFF", "2020-03-03", Status.FINAL)


def test_a_heading_not_laid_out_as_the_report_lays_it_out_is_not_read(tmp_path: Path) -> None:
    # No line saying how final the results are: no title is guessed from the rows above;
    # the file's name stands, and no date or status is claimed.
    path = tmp_path / "ward3.xlsx"
    _write_report(path)
    contest = import_contest(path).contest
    assert (contest.title, contest.date, contest.status) == ("ward3", None, None)
    _write_report(path, heading=["Results of the count", "MAYOR", "Official results"])  # no report's name
    assert import_contest(path).contest.title == "ward3"


def test_a_round_that_does_not_add_up_names_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "wrong.xlsx"
    wrong = [row[:] for row in VOTES]
    wrong[0][1] = 430  # Ada gains ten ballots from nowhere in round 2
    _write_report(path, votes=wrong)
    with pytest.raises(LoadError, match="round 2 does not add up") as caught:
        import_contest(path)
    # Column D is round 2's votes; row 10 the Continuing Ballots Total (the 'sum' written).
    assert caught.value.source == str(path)
    assert caught.value.place == "Report!D10"


def test_a_continuing_total_that_disagrees_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "total.xlsx"
    _write_report(path, continuing=[950, 921, 860])
    with pytest.raises(LoadError, match="'Continuing Ballots Total' says 921") as caught:
        import_contest(path)
    assert caught.value.place == "Report!D10"


def test_a_candidate_coming_back_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "back.xlsx"
    back = [row[:] for row in VOTES]
    back[3] = [100, None, 5]
    back[0][2] = 465
    _write_report(path, votes=back)
    with pytest.raises(LoadError, match="does not come back") as caught:
        import_contest(path)
    assert caught.value.place == "Report!D9"


# --- a round-by-round CSV ------------------------------------------------------------------------

ROUND_CSV = """Candidate,Round 1,Round 2,Round 3
Anna Lind,"4,100","4,350","5,100"
Ben Okafor,"3,200","3,380","4,000"
Chloe Dare,"1,500","1,640",
Dev Rao,700,,
Exhausted,0,130,400
Overvotes,10,10,10
"""

def test_csv_round_table(tmp_path: Path, capsys) -> None:
    path = tmp_path / "runoff.csv"
    path.write_text(ROUND_CSV, encoding="utf-8")
    rows = list(csv.reader(ROUND_CSV.splitlines()))
    expected = {
        row[0]: [int(cell.replace(",", "")) if cell else None for cell in row[1:]]
        for row in rows[1:] if row[0] not in ("Exhausted", "Overvotes")
    }
    exhausted = [int(c.replace(",", "")) for c in rows[5][1:]]
    result = import_contest(path)
    rounds = result.contest.rounds
    assert rounds is not None and len(rounds.rounds) == 3
    for r, round_ in enumerate(rounds.rounds):
        assert dict(round_.tally) == {n: v[r] for n, v in expected.items() if v[r] is not None}
        assert round_.inactive[InactiveKind.EXHAUSTED_CHOICES] == exhausted[r]
    assert [r.eliminated for r in rounds.rounds] == [("Dev Rao",), ("Chloe Dare",), ()]
    assert rounds.winners == ("Anna Lind",)
    assert main(["tally", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["winner"] == "Anna Lind"
    # The table gives no threshold: the text has no Threshold row of blanks.
    assert main(["tally", str(path)]) == 0
    assert "Threshold" not in capsys.readouterr().out


def test_csv_round_table_that_does_not_add_up_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "runoff.csv"
    path.write_text(ROUND_CSV.replace("Exhausted,0,130,400", "Exhausted,0,130,300"), encoding="utf-8")
    with pytest.raises(LoadError, match="round 3 does not add up") as caught:
        import_contest(path)
    assert caught.value.place == "line 2, column 4"


def test_a_huge_round_table_is_refused_saying_why(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("Name,Round 1\n" + "".join(f"Person {n},{n}\n" for n in range(5_000)), encoding="utf-8")
    with pytest.raises(LoadError, match="5,000 rows under its rounds"):
        import_contest(path)


def test_a_cell_that_is_not_a_count_is_named(tmp_path: Path) -> None:
    path = tmp_path / "text.csv"
    path.write_text("Candidate,Round 1,Round 2\nAda,40,n/a\nBen,35,\n", encoding="utf-8")
    with pytest.raises(LoadError, match="'n/a' is not a number of votes") as caught:
        import_contest(path)
    assert caught.value.place == "line 2, column 3"
