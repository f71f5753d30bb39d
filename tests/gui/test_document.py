"""The document: one way in for every change, its history and clean state, its origin, and
the signals the views follow. Two documents stand side by side without sharing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resultsviewer.core.contest import Axis, Candidate, Category, Contest
from resultsviewer.core.edits import InsertItem, SetCount, UpdateItem
from resultsviewer.core.formats import NATIVE, read_contest
from resultsviewer.core.formats.opening import Origin
from resultsviewer.gui.document import Document, blank_contest
from resultsviewer.gui.table_model import TallyTableModel

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def document(qapp, default_contest):
    document = Document(default_contest)
    yield document
    document.close()


def test_an_edit_is_done_pushed_and_announced(qtbot, document):
    modified: list[bool] = []
    document.modified_changed.connect(modified.append)
    with qtbot.waitSignal(document.tally_changed):
        assert document.apply(SetCount(0, 1, 116961))
    assert document.contest.count(0, 1) == 116961
    assert document.is_modified and document.undo_stack.count() == 1
    assert document.tally().total_votes == 506438 + 1
    document.undo_stack.undo()
    assert document.contest.count(0, 1) == 116960 and not document.is_modified
    assert document.tally().total_votes == 506438
    assert modified == [True, False]


def test_a_refused_edit_changes_nothing_and_says_why(qtbot, document):
    with qtbot.waitSignal(document.edit_refused) as refused:
        assert not document.apply(UpdateItem(Axis.CANDIDATE, 1, {"name": "Jeremy Corbyn"}), "Rename")
    assert refused.args[0].startswith("Rename: ")
    assert document.contest.candidate(1).name == "Owen Smith"
    assert document.undo_stack.count() == 0 and not document.is_modified


def test_a_rename_to_the_same_name_with_other_spaces_is_no_edit(document):
    """'  Owen   Smith  ' is kept as 'Owen Smith': no undo step, no unsaved mark, no
    line 'name Owen Smith -> Owen Smith' in the change log."""
    assert document.apply(UpdateItem(Axis.CANDIDATE, 1, {"name": "  Owen   Smith  "}))
    assert document.apply(UpdateItem(Axis.CATEGORY, 0, {"name": "Members "}))
    assert document.contest.candidate(1).name == "Owen Smith" and document.contest.category(0).name == "Members"
    assert document.undo_stack.count() == 0 and not document.is_modified
    assert document.apply(UpdateItem(Axis.CANDIDATE, 1, {"name": "Owen  Smith MP"}))  # a real rename is one
    assert document.contest.candidate(1).name == "Owen Smith MP" and document.undo_stack.count() == 1


def test_the_tally_is_computed_once_per_change(document):
    first = document.tally()
    assert document.tally() is first
    document.apply(InsertItem(Axis.CANDIDATE, 2, Candidate("Write-in")))
    assert document.tally() is not first
    assert [result.name for result in document.tally().candidates][-1] == "Write-in"


def test_replace_resets_history_origin_and_views(qtbot, document):
    model = TallyTableModel(document)
    old = document.contest
    document.apply(SetCount(0, 0, 1))
    other = read_contest(ROOT / "resources" / "examples" / "labour-leadership-2015.results.json")
    path = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"
    with qtbot.waitSignals([document.contest_replaced, document.origin_changed, document.tally_changed]):
        document.replace(other, Origin(path, NATIVE, path.name))
    assert document.contest is other and model.contest is other
    assert document.undo_stack.count() == 0 and not document.is_modified
    assert document.file_path == path and document.name == path.name
    assert model.rowCount() == other.category_count + 1 + 1  # the Total and Declared rows
    assert model.headerData(0, Qt.Orientation.Vertical) == other.category(0).name
    # The old contest is let go: its edits reach neither the document nor the model.
    total = document.tally().total_votes
    old.set_count(0, 0, 999_999)
    assert document.tally().total_votes == total
    assert model.data(model.index(0, 0)) == f"{other.count(0, 0):,}"
    model.detach()


def test_an_imported_table_is_never_the_save_path(document, tmp_path):
    table = tmp_path / "results.csv"
    document.replace(blank_contest(), Origin(table, None, table.name))
    assert document.file_path is None and document.name == "results.csv"


def test_save_to_writes_and_marks_clean(qtbot, document, tmp_path):
    document.apply(SetCount(0, 0, 1))
    target = tmp_path / "saved.results.json"
    with qtbot.waitSignal(document.origin_changed):
        assert document.save_to(target) is NATIVE
    assert not document.is_modified and document.file_path == target
    assert read_contest(target).count(0, 0) == 1


def test_a_recovered_document_is_modified_until_saved(document):
    document.replace(blank_contest(), Origin(name="Untitled (recovered)"))
    document.mark_recovered()
    assert document.is_modified


def test_two_documents_side_by_side_share_nothing(qapp, default_contest):
    baseline = Document(Contest("Baseline", [Candidate("A"), Candidate("B")], [Category("All")], [[1, 2]]))
    current = Document(default_contest)
    current.apply(SetCount(0, 0, 5))
    assert baseline.undo_stack.count() == 0 and not baseline.is_modified
    assert baseline.tally().total_votes == 3
    baseline.close()
    current.close()


def test_a_contest_in_rounds_refuses_a_count_at_the_one_door(qtbot) -> None:
    """The rounds refusal is the document's, so the table's cells (setData), the menus and the
    comparison's matching all meet it; a colour may still change."""
    from decimal import Decimal

    from resultsviewer.core.rounds import Round, RoundResult, contest_from_rounds

    result = RoundResult(
        "Ward 3", ("Ada", "Ben"), (Round(1, {"Ada": Decimal(40), "Ben": Decimal(35)}, elected=("Ada",)),),
        source="report.xlsx", derived=False,
    )
    document = Document(contest_from_rounds(result))
    model = TallyTableModel(document)
    refusals: list[str] = []
    document.edit_refused.connect(refusals.append)
    assert not document.apply(SetCount(0, 0, 41), "Ward 3 / Ada")
    assert not model.setData(model.index(0, 1), "36", Qt.ItemDataRole.EditRole)
    assert document.contest.count(0, 0) == 40 and document.contest.count(0, 1) == 35
    assert document.undo_stack.count() == 0 and not document.is_modified
    assert len(refusals) == 2 and refusals[0].startswith("Ward 3 / Ada: the rounds are shown as report.xlsx gives them")
    assert "read-only here" in refusals[1]
    assert document.apply(UpdateItem(Axis.CANDIDATE, 0, {"colour": "#123456"}))
    assert document.contest.candidate(0).colour == "#123456" and document.undo_stack.count() == 1
    model.detach()
    document.close()
