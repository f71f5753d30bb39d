"""The table model over the core's contest: Qt's model contract, edits through undo, shares
with their bases, and declared figures marked where they disagree."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from resultsviewer.core.contest import Axis, Candidate, Category, Contest
from resultsviewer.core.edits import InsertItem, MoveItem, RemoveItem
from resultsviewer.gui.document import Document
from resultsviewer.gui.table_model import DISCREPANCY_BACKGROUND, TableDisplay, TallyTableModel
from resultsviewer.gui.undo import change_log

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def model(qapp, default_contest):
    document = Document(default_contest)
    model = TallyTableModel(document)
    yield model
    model.detach()
    document.close()


def text(model: TallyTableModel, row: int, column: int) -> str:
    return model.data(model.index(row, column), DISPLAY)


def test_layout_of_the_default_contest(model):
    # Three categories, the Total row and the Declared row; two candidates and the Total column.
    assert (model.rowCount(), model.columnCount()) == (5, 3)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Jeremy Corbyn"
    assert model.headerData(3, Qt.Orientation.Vertical) == "Total"
    assert model.headerData(4, Qt.Orientation.Vertical) == "Declared"
    assert text(model, 0, 0) == "168,216"
    assert text(model, 3, 0) == "313,209"
    assert text(model, 3, 1) == "193,229"
    assert text(model, 3, 2) == "506,438"
    assert text(model, 4, 0) == "313,209 · 61.8%"  # the source's total and share, as printed
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(3, 0)) & Qt.ItemFlag.ItemIsEditable


def test_qt_model_contract(qtmodeltester, model):
    qtmodeltester.check(model)


def test_shares_say_their_base(model):
    model.set_display(TableDisplay.SHARE_OF_CATEGORY)
    assert text(model, 0, 0) == f"{100 * 168216 / (168216 + 116960):.1f}%"
    assert text(model, 3, 0) == "61.8%"
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "of valid votes in Members" in tip and "of all valid votes" in tip
    assert "share of the valid votes in each category" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    model.set_display(TableDisplay.SHARE_OF_TOTAL)
    assert text(model, 0, 0) == f"{100 * 168216 / 506438:.1f}%"
    assert text(model, 0, 2) == f"{100 * (168216 + 116960) / 506438:.1f}%"


def test_set_data_accepts_what_people_type_and_pushes_one_undo_step(model, qtbot):
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index(0, 1), "117 060")
    assert model.contest.count(0, 1) == 117060
    assert text(model, 3, 1) == "193,329"
    assert model.setData(model.index(1, 1), "36,600")
    assert model.document.undo_stack.count() == 2
    model.document.undo_stack.undo()
    model.document.undo_stack.undo()
    assert (model.contest.count(0, 1), model.contest.count(1, 1)) == (116960, 36599)


@pytest.mark.parametrize("typed", ["-5", "abc", "12.5", "1,23"])
def test_set_data_refuses_negatives_and_words_with_a_message(model, qtbot, typed):
    with qtbot.waitSignal(model.document.edit_refused) as refused:
        assert not model.setData(model.index(0, 0), typed)
    assert "Members / Jeremy Corbyn" in refused.args[0]
    assert model.contest.count(0, 0) == 168216
    assert model.document.undo_stack.count() == 0


@pytest.mark.parametrize(("typed", "expected"), [("1e6", 1_000_000), ("2.5E+06", 2_500_000), ("1 E6", 1_000_000)])
def test_set_data_takes_a_whole_number_typed_in_scientific_notation(model, typed, expected):
    assert model.setData(model.index(0, 0), typed)
    assert model.contest.count(0, 0) == expected
    assert text(model, 0, 0) == f"{expected:,}"


@pytest.mark.parametrize("typed", ["1.5e0", "1e-3", "2.5e-1"])
def test_set_data_refuses_scientific_notation_that_is_not_whole(model, qtbot, typed):
    with qtbot.waitSignal(model.document.edit_refused) as refused:
        assert not model.setData(model.index(0, 0), typed)
    assert f"{typed!r} is not a whole number of votes" in refused.args[0]
    assert model.contest.count(0, 0) == 168216


def test_disagreeing_total_is_marked_with_both_numbers(model):
    total = model.index(3, 0)
    assert model.data(total, Qt.ItemDataRole.BackgroundRole) != DISCREPANCY_BACKGROUND
    model.setData(model.index(0, 0), "168,297")  # 81 more: the computed total becomes 313,290
    assert model.data(total, Qt.ItemDataRole.BackgroundRole) == DISCREPANCY_BACKGROUND
    tip = model.data(total, Qt.ItemDataRole.ToolTipRole)
    assert "313,209" in tip and "313,290" in tip and "-81" in tip
    model.document.undo_stack.undo()
    assert model.data(total, Qt.ItemDataRole.BackgroundRole) != DISCREPANCY_BACKGROUND


def test_rename_through_the_header_and_refuse_a_duplicate(model, qtbot):
    assert model.setHeaderData(1, Qt.Orientation.Horizontal, "Owen  Smith MP")
    assert model.contest.candidate(1).name == "Owen Smith MP"
    # The declared figures follow the rename, so nothing starts to disagree.
    assert model.tally().discrepancies == ()
    with qtbot.waitSignal(model.document.edit_refused):
        assert not model.setHeaderData(0, Qt.Orientation.Vertical, "registered supporters")
    assert model.contest.category(0).name == "Members"


def test_structure_changes_keep_the_model_consistent(qtmodeltester, model):
    stack, document = model.document.undo_stack, model.document
    assert document.apply(InsertItem(Axis.CANDIDATE, 1, Candidate("Write-in")))
    assert model.columnCount() == 4 and model.headerData(1, Qt.Orientation.Horizontal) == "Write-in"
    assert document.apply(InsertItem(Axis.CATEGORY, 3, Category("Overseas"), (5, 0, 1)))
    assert model.rowCount() == 6 and text(model, 4, 0) == "313,214"
    assert document.apply(MoveItem(Axis.CATEGORY, 0, 2))
    assert model.headerData(2, Qt.Orientation.Vertical) == "Members"
    assert document.apply(MoveItem(Axis.CANDIDATE, 2, 0))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Owen Smith"
    assert document.apply(RemoveItem(Axis.CATEGORY, 3))
    # Checked at rest, not attached during the changes: Qt's tester expects the row after an
    # inserted one to keep its data, and a Total row rightly changes when a category comes in.
    while stack.canUndo():
        stack.undo()
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == ["Jeremy Corbyn", "Owen Smith", "Total"]
    assert text(model, 3, 2) == "506,438"
    qtmodeltester.check(model)


def test_change_log_lists_each_edit_from_what_to_what(model):
    model.setData(model.index(0, 1), "116,961")
    model.setHeaderData(2, Qt.Orientation.Vertical, "Affiliates")
    log = change_log(model.document.undo_stack, model.contest.title)
    assert "Members / Owen Smith: 116,960 → 116,961" in log
    assert "'Affiliated supporters'" in log and "'Affiliates'" in log
    model.document.undo_stack.undo()
    assert "Affiliates" not in change_log(model.document.undo_stack, model.contest.title)


def test_unknown_cells_show_as_withheld(qapp):
    contest = Contest("t", [Candidate("A"), Candidate("B")], [Category("P1")], [[None, 4]])
    model = TallyTableModel(Document(contest))
    assert text(model, 0, 0) == "*"
    assert "lower bounds" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(QModelIndex(), DISPLAY) is None
    model.detach()


def test_a_row_header_is_redrawn_only_when_the_row_changes_hands(model, default_contest):
    """The row's mark is the colour of its leader: an edit that leaves the leader in place
    does not redraw (and re-measure) the header; one that hands the row over does."""
    header_changes: list[tuple[int, int]] = []
    model.headerDataChanged.connect(
        lambda orientation, first, last: header_changes.append((first, last))
        if orientation == Qt.Orientation.Vertical else None
    )
    model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)  # the row is drawn
    model.setData(model.index(0, 0), "170,000")  # Corbyn still leads Members
    assert header_changes == []
    model.setData(model.index(0, 1), "180,000")  # Smith now does
    assert header_changes == [(0, 0)]
    model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)
    model.setData(model.index(0, 1), "180,001")
    assert header_changes == [(0, 0)]
    default_contest.insert_category(0, Category("New"), [1, 2])  # rows move: every mark is drawn again
    header_changes.clear()
    model.setData(model.index(1, 1), "180,002")
    assert header_changes == [(1, 1)]


def test_multi_data_answers_what_data_answers(model):
    """A view's paint asks for many roles at once (multiData): the same answers as one by one."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    roles = [role for role in Qt.ItemDataRole if role < Qt.ItemDataRole.UserRole]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in roles:
                asked = QModelRoleData(int(role))
                model.multiData(index, QModelRoleDataSpan(asked))
                assert asked.data() == model.data(index, role), (row, column, role)


#: The roles a cell is painted with. A tooltip is asked for when it is shown, so a changed
#: one needs no repaint (every count's "share of all valid votes" moves with every edit).
_PAINTED_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole,
                  Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.TextAlignmentRole)


def _cells(model: TallyTableModel) -> dict[tuple[int, int], tuple[str, ...]]:
    return {
        (row, column): tuple(repr(model.data(model.index(row, column), role)) for role in _PAINTED_ROLES)
        for row in range(model.rowCount()) for column in range(model.columnCount())
    }


@pytest.mark.parametrize("display", list(TableDisplay))
def test_an_edit_announces_every_cell_it_changes(model, display):
    """A view repaints only what dataChanged names: every cell whose text, colour or font an
    edit changes must be named (edits that make and mend disagreements with the declared
    figures, and a tie)."""
    model.set_display(display)
    contest = model.contest
    named: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda first, last, *_: named.append((first.row(), first.column(), last.row(), last.column())))
    for category, candidate, value in ((0, 0, 168_000), (0, 0, 168_216), (1, 1, 84_918), (2, 0, 1), (2, 0, 60_075)):
        before = _cells(model)
        named.clear()
        contest.set_count(category, candidate, value)
        after = _cells(model)
        changed = {cell for cell in before if before[cell] != after[cell]}
        assert display is not TableDisplay.COUNTS or (category, candidate) in changed
        unnamed = {
            (row, column) for row, column in changed
            if not any(top <= row <= bottom and left <= column <= right for top, left, bottom, right in named)
        }
        assert not unnamed, f"{display}: edit of ({category}, {candidate}) changed {sorted(unnamed)} unannounced"
