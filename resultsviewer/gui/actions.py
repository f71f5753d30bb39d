"""Every command of the window in one table: its id, words, shortcut, icon and when it is
enabled; the menus and the toolbar are built from it (as napari's and Orange's are).

A command's id (``file.save``, ``edit.rename-candidate``) is how a test or a script
triggers it (:meth:`MainWindow.trigger`) and how a new feature adds one: a row here and
an id in :data:`MENUS`, not code in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QHelpEvent, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from resultsviewer.core.contest import Axis
from resultsviewer.core.describe import ChartMode

from . import window_commands

if TYPE_CHECKING:
    from .main_window import MainWindow

Key = QKeySequence.StandardKey


def _has(axis: Axis) -> Callable[[MainWindow], bool]:
    def enabled(window: MainWindow) -> bool:
        contest = window.document.contest
        return (contest.candidate_count if axis is Axis.CANDIDATE else contest.category_count) > 0

    return enabled


@dataclass(frozen=True)
class ActionSpec:
    """One command: what it is called, what it does to the window, and when it may be used."""

    id: str
    text: str
    run: Callable[[MainWindow], object]
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    #: A freedesktop icon name, shown in menus where the platform has an icon theme.
    icon: str | None = None
    #: Evaluated after every change to the document; None: always enabled.
    enabled_when: Callable[[MainWindow], bool] | None = None
    checkable: bool = False


C, R = Axis.CANDIDATE, Axis.CATEGORY

#: Group by Party's status tip where it applies (the window says why where it does not).
GROUP_BY_PARTY_TIP = "Count parties: the summary and charts sum the candidates of each party"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.new", "&New", lambda w: w.files.new_document(), Key.New, "Start a blank contest", "document-new"),
    ActionSpec("file.open", "&Open…", lambda w: w.files.open_dialog(), Key.Open,
               "Open a contest or any table of results", "document-open"),
    ActionSpec("file.save", "&Save", lambda w: w.files.save(), Key.Save, icon="document-save"),
    ActionSpec("file.save-as", "Save &As…", lambda w: w.files.save_as(), Key.SaveAs, icon="document-save-as"),
    ActionSpec("file.export-chart", "&Export Chart…", window_commands.export_chart_dialog, "Ctrl+E",
               "Export the chart as PNG, SVG or PDF", "document-export"),
    ActionSpec("file.compare-with", "Compare &With…", lambda w: w.compare_panel.choose_baseline(), None,
               "Compare with the results of the election before: what changed"),
    ActionSpec("file.quit", "&Quit", lambda w: w.close(), Key.Quit, icon="application-exit"),
    ActionSpec("edit.copy-cells", "Cop&y Cells", window_commands.copy_cells, Key.Copy,
               "Copy the selected cells as shown, for a spreadsheet or an article", "edit-copy"),
    ActionSpec("edit.paste-counts", "Pa&ste Counts", lambda w: w.edits.paste(), Key.Paste,
               "Paste counts copied from a spreadsheet into the table, from the selected cell (one undoable edit)",
               "edit-paste"),
    ActionSpec("edit.copy-chart", "Copy C&hart", window_commands.copy_chart, "Ctrl+Shift+C", "Copy the chart as an image"),
    ActionSpec("edit.copy-description", "Copy Chart &Description", window_commands.copy_alt_text, None,
               "Copy the chart's alt text, for a web page"),
    ActionSpec("edit.add-candidate", "Add Ca&ndidate…", lambda w: w.edits.add(C), "Ctrl+Shift+N"),
    ActionSpec("edit.rename-candidate", "Rename Candidate…", lambda w: w.edits.rename(C), enabled_when=_has(C)),
    ActionSpec("edit.candidate-colour", "Candidate &Colour…", lambda w: w.edits.choose_colour(), enabled_when=_has(C)),
    ActionSpec("edit.move-left", "Move Candidate &Left", lambda w: w.edits.move(C, -1), "Ctrl+Shift+Left",
               enabled_when=_has(C)),
    ActionSpec("edit.move-right", "Move Candidate &Right", lambda w: w.edits.move(C, 1), "Ctrl+Shift+Right",
               enabled_when=_has(C)),
    ActionSpec("edit.remove-candidate", "Remove Candidate", lambda w: w.edits.remove(C), enabled_when=_has(C)),
    ActionSpec("edit.add-category", "Add Ca&tegory…", lambda w: w.edits.add(R), "Ctrl+Shift+R"),
    ActionSpec("edit.rename-category", "Rename Category…", lambda w: w.edits.rename(R), enabled_when=_has(R)),
    ActionSpec("edit.category-properties", "Category &Properties…", lambda w: w.edits.edit_category_properties(),
               enabled_when=_has(R)),
    ActionSpec("edit.move-up", "Move Category &Up", lambda w: w.edits.move(R, -1), "Ctrl+Shift+Up", enabled_when=_has(R)),
    ActionSpec("edit.move-down", "Move Category &Down", lambda w: w.edits.move(R, 1), "Ctrl+Shift+Down",
               enabled_when=_has(R)),
    ActionSpec("edit.remove-category", "Remove Category", lambda w: w.edits.remove(R), enabled_when=_has(R)),
    ActionSpec("edit.merge-parties", "&Merge Parties…", lambda w: w.edits.merge_parties(),
               tip="Merge one party or candidate into another (one undoable edit)"),
    ActionSpec("edit.contest-properties", "Contest &Properties…", lambda w: w.edits.edit_properties(), "Ctrl+I",
               "Title, date, status, source, method, electorate", "document-properties"),
    ActionSpec("view.chart-shares", "Chart in &Shares",
               lambda w: w.set_chart_mode(ChartMode.SHARE if w.actions["view.chart-shares"].isChecked() else ChartMode.COUNTS),
               checkable=True),
    ActionSpec("view.stacked", "S&tacked Bars", lambda w: w.set_chart_stacked(w.actions["view.stacked"].isChecked()),
               checkable=True),
    ActionSpec("view.group-by-party", "&Group by Party",
               lambda w: w.set_grouped_by_party(w.actions["view.group-by-party"].isChecked()),
               tip=GROUP_BY_PARTY_TIP, checkable=True),
    ActionSpec("view.declared-figures", "Declared &Figures…", window_commands.show_discrepancies),
    ActionSpec("help.about", "&About Results Viewer", window_commands.about, icon="help-about"),
)

#: The menus, in order: action ids, "-" for a separator, "@name" for a part the window fills
#: itself (a submenu of examples or recent files, the undo actions, a dock's toggle).
MENUS: dict[str, tuple[str, ...]] = {
    "&File": ("file.new", "file.open", "@examples", "@recent", "-", "file.save", "file.save-as", "-",
              "file.export-chart", "file.compare-with", "-", "file.quit"),
    "&Edit": ("@undo", "@redo", "-", "edit.copy-cells", "edit.paste-counts", "edit.copy-chart", "edit.copy-description", "-",
              "edit.add-candidate", "edit.rename-candidate", "edit.candidate-colour", "edit.move-left",
              "edit.move-right", "edit.remove-candidate", "-",
              "edit.add-category", "edit.rename-category", "edit.category-properties", "edit.move-up",
              "edit.move-down", "edit.remove-category", "-", "edit.merge-parties", "edit.contest-properties"),
    "&View": ("@table-shows", "view.chart-shares", "view.stacked", "view.group-by-party", "-", "view.declared-figures",
              "@history", "@comparison"),
    "&Help": ("help.about",),
}

#: The context menu of a cell or header: the candidate's part on a candidate, the category's on a category.
CANDIDATE_MENU = ("edit.rename-candidate", "edit.candidate-colour", "edit.move-left", "edit.move-right",
                  "edit.remove-candidate")
CATEGORY_MENU = ("edit.rename-category", "edit.category-properties", "edit.move-up", "edit.move-down",
                 "edit.remove-category")
ADD_MENU = ("edit.add-candidate", "edit.add-category")


def build_actions(window: MainWindow) -> dict[str, QAction]:
    """One QAction per row of :data:`ACTIONS`, and the undo stack's own Undo and Redo."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
        if spec.icon:
            action.setIcon(QIcon.fromTheme(spec.icon))
        action.setCheckable(spec.checkable)
        action.triggered.connect(lambda checked=False, run=spec.run: run(window))
        actions[spec.id] = action
    stack = window.document.undo_stack
    actions["edit.undo"] = stack.createUndoAction(window, "&Undo")
    actions["edit.undo"].setShortcut(QKeySequence(Key.Undo))
    actions["edit.redo"] = stack.createRedoAction(window, "&Redo")
    actions["edit.redo"].setShortcut(QKeySequence(Key.Redo))
    return actions


def update_enabled(window: MainWindow) -> None:
    """Re-evaluate every action's enabled-when (after any change to the document)."""
    for spec in ACTIONS:
        if spec.enabled_when is not None:
            window.actions[spec.id].setEnabled(spec.enabled_when(window))


def fill_menu(menu: QMenu, entries: tuple[str, ...], actions: dict[str, QAction],
              parts: dict[str, Callable[[QMenu], None]]) -> None:
    for entry in entries:
        if entry == "-":
            menu.addSeparator()
        elif entry.startswith("@"):
            parts[entry[1:]](menu)
        else:
            menu.addAction(actions[entry])


class UndoButton(QAction):
    """A toolbar's short Undo or Redo, saying in its tooltip what it would undo or redo.

    The menu's actions carry the whole description, which would widen the toolbar on every
    edit. The tooltip is worked out when the button is asked for it: an action changed on
    every edit had Qt repaint its button and lay out the toolbar again each time.
    """

    def __init__(self, label: str, stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(label, parent)
        self._label = label
        self._stack = stack
        self._redo = label == "Redo"
        self.setEnabled(stack.canRedo() if self._redo else stack.canUndo())
        self.triggered.connect(stack.redo if self._redo else stack.undo)
        (stack.canRedoChanged if self._redo else stack.canUndoChanged).connect(self.setEnabled)

    def tooltip_text(self) -> str:
        """'Undo Set Members / Jeremy Corbyn to 200,000', or the bare label when there is nothing."""
        text = self._stack.redoText() if self._redo else self._stack.undoText()
        return f"{self._label} {text}".strip()

    def attach(self, button: QWidget) -> None:
        """Answer the tooltip requests of ``button`` (the toolbar's button for this action)."""
        button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ToolTip and isinstance(watched, QWidget) and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_text(), watched)
            return True
        return super().eventFilter(watched, event)


__all__ = ["ACTIONS", "ADD_MENU", "CANDIDATE_MENU", "CATEGORY_MENU", "GROUP_BY_PARTY_TIP", "MENUS", "ActionSpec", "UndoButton",
           "build_actions", "fill_menu", "update_enabled"]
