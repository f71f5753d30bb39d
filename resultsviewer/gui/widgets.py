"""Small pieces of the window: a labelled toolbar combo box, the table pane's width, the History
dock, the docks below the charts, the file in a drop, the app's icon."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.bundled import resource_path


def labelled_combo(toolbar: QToolBar, label: str, items: list[tuple[str, object]]) -> QComboBox:
    """A labelled combo box on the toolbar."""
    toolbar.addWidget(QLabel(label))
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    toolbar.addWidget(box)
    return box


def dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The first local file dragged onto the window, if any."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return url.toLocalFile()
    return None


def fit_columns(table: QTableView, limit: int) -> None:
    """Fit the first ``limit`` columns to their contents; the rest keep the default width.
    Fitting measures every column's cells: 20,000 candidates took seconds."""
    columns = table.model().columnCount()
    if columns <= limit:
        table.resizeColumnsToContents()
        return
    for column in range(limit):
        table.resizeColumnToContents(column)


def fit_table_pane(splitter: QSplitter, table: QTableView) -> None:
    """Give the table the width of its columns, and the chart beside it the rest: no empty band
    beside a narrow table; a wide one takes up to half the window (then it scrolls)."""
    if not splitter.isVisible():
        return  # not laid out yet: the window's showEvent fits it
    sizes = splitter.sizes()
    available = sum(sizes)
    needed = table.verticalHeader().sizeHint().width() + table.horizontalHeader().length() + 2 * table.frameWidth()
    if table.verticalHeader().length() > table.viewport().height():
        needed += table.verticalScrollBar().sizeHint().width()
    width = min(needed, max(sizes[0], available // 2))
    splitter.setSizes([width, available - width])


def history_dock(parent: QWidget, stack: QUndoStack, export_change_log: Callable[[], object]) -> QDockWidget:
    """View > History: each change from what to what, and a button to export them as a change log."""
    panel = QWidget(parent)
    view = QUndoView(stack, panel)
    view.setEmptyLabel("Opened")
    # Each entry says from what to what: wrapped, never cut short.
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    export_button = QPushButton("Export Change Log…", panel)
    export_button.clicked.connect(lambda: export_change_log())
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(view)
    layout.addWidget(export_button)
    dock = QDockWidget("History", parent)
    dock.setObjectName("history")
    dock.setWidget(panel)
    return dock


#: The charts beside the table keep at least this height (px) whatever the docks below them
#: ask: under about 200 px the Seats tab is blank and the Votes chart's labels overlap.
CHART_MIN_HEIGHT = 220
#: The share of the window's height a dock below the charts takes when it opens.
DOCK_SHARE = 0.45


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: a dock holding it can be made as low as the
    user likes (it scrolls), instead of the dock's minimum forcing the window taller and
    crushing the charts."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def show_bottom_dock(window: QMainWindow, dock: QDockWidget) -> None:
    """Show ``dock``; one that was hidden opens below the charts at :data:`DOCK_SHARE` of the
    window's central room (the charts' minimum height holds, see :data:`CHART_MIN_HEIGHT`).
    One already open keeps the height the user gave it."""
    was_hidden = dock.isHidden()
    room = window.centralWidget().height() if window.centralWidget() is not None else 0
    dock.show()
    dock.raise_()
    if was_hidden and window.isVisible() and not dock.isFloating() and room > 0 and (
        window.dockWidgetArea(dock) is Qt.DockWidgetArea.BottomDockWidgetArea
    ):
        window.resizeDocks([dock], [int(room * DOCK_SHARE)], Qt.Orientation.Vertical)


def app_icon() -> QIcon:
    """The app's icon at every size it ships."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resource_path(f"icons/resultsviewer-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


__all__ = ["CHART_MIN_HEIGHT", "app_icon", "dropped_file", "fit_columns", "fit_table_pane", "history_dock",
           "labelled_combo", "scrolling", "show_bottom_dock"]
