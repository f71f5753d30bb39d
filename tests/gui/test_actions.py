"""The commands' table: every command in a menu, shortcuts unique, enabled-when followed,
and a command run by its id as the menu runs it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from resultsviewer.core.contest import Axis
from resultsviewer.gui.actions import ACTIONS, MENUS


def test_every_command_is_in_exactly_one_menu_and_shortcuts_are_unique(window):
    placed = [entry for entries in MENUS.values() for entry in entries if entry != "-" and not entry.startswith("@")]
    assert sorted(placed) == sorted(spec.id for spec in ACTIONS)
    shortcuts = [window.actions[spec.id].shortcut() for spec in ACTIONS if spec.shortcut is not None]
    shortcuts += [window.actions["edit.undo"].shortcut(), window.actions["edit.redo"].shortcut()]
    # A standard key the platform has no binding for (Quit, offscreen) is empty.
    texts = [shortcut.toString() for shortcut in shortcuts if not shortcut.isEmpty()]
    assert len(texts) >= 12 and len(set(texts)) == len(texts)
    assert window.actions["file.export-chart"].shortcut() == QKeySequence("Ctrl+E")


def test_the_menu_bar_is_built_from_the_table(window):
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == list(MENUS)
    file_texts = [action.text() for action in menus["&File"].actions() if not action.isSeparator()]
    assert file_texts[:4] == ["&New", "&Open…", "Open E&xample", "Open &Recent"]
    assert "&Quit" == file_texts[-1]


def test_a_command_runs_by_its_id(window):
    window.table.setCurrentIndex(window.model.index(0, 0))
    window.trigger("edit.move-down")
    assert window.contest.category(1).name == "Members"
    window.trigger("edit.undo")
    assert window.contest.category(0).name == "Members"
    window.trigger("view.chart-shares")
    assert window.chart.mode().value == "share" and window.chart_mode_box.currentText() == "Shares"


def test_enabled_when_follows_the_document(window):
    window.table.setCurrentIndex(window.model.index(0, 0))
    for _ in range(window.contest.category_count):
        assert window.actions["edit.remove-category"].isEnabled()
        assert window.edits.remove(Axis.CATEGORY, 0)
    assert window.contest.category_count == 0
    for action_id in ("edit.remove-category", "edit.rename-category", "edit.move-up", "edit.category-properties"):
        assert not window.actions[action_id].isEnabled(), action_id
    assert window.actions["edit.add-category"].isEnabled()
    window.trigger("edit.undo")
    assert window.actions["edit.remove-category"].isEnabled()
