"""File > Export Chart: choose the file, size, texts and look; the writing itself is
:func:`resultsviewer.gui.export.export_chart`, the same path as ``resultsviewer export``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.compare import Changes
from resultsviewer.core.contest import Contest
from resultsviewer.core.describe import CHART_FORMATS, chart_format_for_path
from resultsviewer.core.errors import ContestError
from resultsviewer.core.export_metadata import ExportOptions
from resultsviewer.core.formats import suggested_file_stem
from resultsviewer.core.methods import count
from resultsviewer.core.reader_warnings import contest_warnings
from resultsviewer.core.seat_charts import ChartKind, chart_kinds, kind_label

from .chart import ChartMode
from .export import export_chart, export_chart_and_data, render_image

FORMAT_FILTERS = {
    "png": "PNG image (*.png)",
    "svg": "SVG vector image (*.svg)",
    "pdf": "PDF document (*.pdf)",
}
PREVIEW_WIDTH = 480


class ExportDialog(QDialog):
    """Export the chart of a contest to PNG, SVG or PDF, with a preview of the result."""

    def __init__(
        self,
        contest: Contest,
        mode: ChartMode = ChartMode.COUNTS,
        stacked: bool = False,
        folder: str = "",
        parent: QWidget | None = None,
        kind: ChartKind | None = None,
        by_party: bool = False,
        baseline_marks: Changes | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Chart")
        self.contest = contest
        #: While comparing: the chart carries the baseline's marks and both sources.
        self.baseline_marks = baseline_marks
        self.written: Path | None = None
        #: The chart path whose replacement the Browse file dialog already confirmed.
        self._confirmed_in_browse: Path | None = None
        self.by_party = by_party
        outcome = count(contest, by_party=by_party)
        kinds = chart_kinds(outcome)
        # The chart of the rule that decides, unless another is asked for (the window's tab).
        kind = ChartKind(kind) if kind is not None and ChartKind(kind) in kinds else kinds[0]
        defaults = ExportOptions.for_contest(
            contest, mode=mode, stacked=stacked, kind=kind, by_party=by_party, baseline_marks=baseline_marks
        )
        stem = suggested_file_stem(contest.title)
        self.path_edit = QLineEdit(str(Path(folder or Path.home()) / f"{stem}.png"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.width_box = _spin(200, 20000, defaults.width, " px")
        self.height_box = _spin(150, 20000, defaults.height, " px")
        self.scale_box = QComboBox()
        for scale in (1, 2, 3):
            self.scale_box.addItem(f"{scale}x", scale)
        self.scale_box.setToolTip("PNG: pixels per logical pixel, for high-DPI screens and print")
        self.dpi_box = _spin(36, 2400, defaults.dpi, " dpi")
        self.dpi_box.setToolTip("PDF: pixels per inch of the page (the chart stays vector)")
        size_row = QHBoxLayout()
        for widget in (self.width_box, QLabel("×"), self.height_box, QLabel("  scale"), self.scale_box,
                       QLabel("  PDF"), self.dpi_box):
            size_row.addWidget(widget)
        size_row.addStretch(1)
        self.mode_box = QComboBox()
        self.mode_box.addItem("Counts", ChartMode.COUNTS)
        self.mode_box.addItem("Shares", ChartMode.SHARE)
        self.mode_box.setCurrentIndex(self.mode_box.findData(ChartMode(mode)))
        self.stacked_box = QCheckBox("Stacked bars")
        self.stacked_box.setChecked(stacked)
        self.kind_box = QComboBox()
        for each in kinds:
            self.kind_box.addItem(kind_label(each, outcome), each)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.kind_box.setToolTip("Which chart: the one of the rule that decides comes first")
        self.kind_box.setVisible(len(kinds) > 1)
        look_row = QHBoxLayout()
        look_row.addWidget(self.kind_box)
        look_row.addWidget(self.mode_box)
        look_row.addWidget(self.stacked_box)
        look_row.addStretch(1)
        self.title_edit = QLineEdit(defaults.title or "")
        self.subtitle_edit = QLineEdit(defaults.subtitle or "")
        self.source_edit = QLineEdit(defaults.source or "")
        self.data_box = QCheckBox("Also write the exact numbers as CSV beside the image")
        self.preview = PreviewLabel()
        self.preview.setMinimumSize(PREVIEW_WIDTH, PREVIEW_WIDTH * 5 // 8)
        self.preview.setStyleSheet("background: #f4f4f4; border: 1px solid #d0d0d0;")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        # What `resultsviewer export` warns of on stderr, shown before anything is written.
        self.warnings = contest_warnings(contest)
        self.warning = QLabel()
        self.warning.setObjectName("exportWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning.setStyleSheet(
            "QLabel { color: #8a1c12; background: #fbd5d0; border: 1px solid #e3a49b; border-radius: 3px; padding: 4px 8px; }"
        )
        self.warning.setText("\n".join(f"⚠ {warning}" for warning in self.warnings))
        self.warning.setVisible(bool(self.warnings))
        form = QFormLayout()
        # A row whose field is a layout gets no buddy: without one the label would show its '&'.
        self.file_label = QLabel("&File:")
        self.file_label.setBuddy(self.path_edit)
        form.addRow(self.file_label, path_row)
        form.addRow("Size:", size_row)
        form.addRow("Chart:", look_row)
        form.addRow("&Title:", self.title_edit)
        form.addRow("S&ubtitle:", self.subtitle_edit)
        form.addRow("&Source line:", self.source_edit)
        form.addRow("", self.data_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for box in (self.width_box, self.height_box):
            box.valueChanged.connect(self.update_preview)
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        self.stacked_box.toggled.connect(self.update_preview)
        self._previous_kind = kind
        self._enable_votes_choices()
        for edit in (self.title_edit, self.subtitle_edit, self.source_edit):
            edit.editingFinished.connect(self.update_preview)
        self.update_preview()

    def options(self) -> ExportOptions:
        path = Path(self.path_edit.text().strip())
        return ExportOptions(
            width=self.width_box.value(),
            height=self.height_box.value(),
            scale=self.scale_box.currentData(),
            dpi=self.dpi_box.value(),
            mode=self.mode_box.currentData(),
            stacked=self.stacked_box.isChecked(),
            kind=self._kind(),
            by_party=self.by_party,
            title=self.title_edit.text(),
            subtitle=self.subtitle_edit.text(),
            source=self.source_edit.text(),
            format=chart_format_for_path(path),
            baseline_marks=self.baseline_marks,
        )

    def update_preview(self) -> None:
        """Draw the figure as it will be written, scaled down to fit the dialog."""
        self.preview.set_image(render_image(self.contest, self.options()))

    def _on_mode_changed(self) -> None:
        # The prefilled subtitle names the mode ("Valid votes" or "Share of the valid votes"); follow it.
        previous = ChartMode.SHARE if self.mode_box.currentData() is ChartMode.COUNTS else ChartMode.COUNTS
        kind = self._kind()
        by_party = self.by_party
        if self.subtitle_edit.text() == ExportOptions.for_contest(self.contest, mode=previous, kind=kind, by_party=by_party).subtitle:
            self.subtitle_edit.setText(
                ExportOptions.for_contest(self.contest, mode=self.mode_box.currentData(), kind=kind, by_party=by_party).subtitle or ""
            )
        self.update_preview()

    def _on_kind_changed(self) -> None:
        # The prefilled subtitle names the chart ("Seats won"...); follow it.
        mode, kind = self.mode_box.currentData(), self._kind()
        by_party = self.by_party
        previous = ExportOptions.for_contest(self.contest, mode=mode, kind=self._previous_kind, by_party=by_party).subtitle
        if self.subtitle_edit.text() == previous:
            self.subtitle_edit.setText(ExportOptions.for_contest(self.contest, mode=mode, kind=kind, by_party=by_party).subtitle or "")
        self._previous_kind = kind
        self._enable_votes_choices()
        self.update_preview()

    def _kind(self) -> ChartKind:
        return ChartKind(self.kind_box.currentData())

    def _enable_votes_choices(self) -> None:
        votes = self._kind() is ChartKind.VOTES
        self.mode_box.setEnabled(votes)
        self.stacked_box.setEnabled(votes)

    def _browse(self) -> None:
        current = Path(self.path_edit.text().strip() or Path.home())
        chosen_format = chart_format_for_path(current) or "png"
        filters = ";;".join(FORMAT_FILTERS[name] for name in CHART_FORMATS)
        path, chosen_filter = QFileDialog.getSaveFileName(self, "Export Chart", str(current), filters, FORMAT_FILTERS[chosen_format])
        if not path:
            return
        if chart_format_for_path(path) is None:
            extension = next((name for name, label in FORMAT_FILTERS.items() if label == chosen_filter), "png")
            path += f".{extension}"
        else:
            # The file dialog asked before choosing an existing file (not one with an extension added).
            self._confirmed_in_browse = Path(path)
        self.path_edit.setText(path)

    def export(self) -> bool:
        """Write the chart (and the data CSV if asked); on failure say why and stay open."""
        path = Path(self.path_edit.text().strip())
        if chart_format_for_path(path) is None:
            self._show_error(f"Name the file .png, .svg or .pdf, not {path.name!r}.")
            return False
        if not self._may_replace(path):
            return False
        try:
            options = self.options()
            if self.data_box.isChecked():
                # One save: a CSV that cannot be written leaves the old chart too.
                self.written, _ = export_chart_and_data(self.contest, path, options)
            else:
                self.written = export_chart(self.contest, path, options)
        except (ContestError, ValueError, OSError) as error:
            self._show_error(str(error))
            return False
        self.accept()
        return True

    def targets(self, path: Path) -> list[Path]:
        """The files an export to ``path`` writes: the chart, and its numbers if asked."""
        return [path, path.with_suffix(".csv")] if self.data_box.isChecked() else [path]

    def _may_replace(self, path: Path) -> bool:
        """Ask before replacing files that exist (the chart, the CSV beside it), naming each;
        True to go on. The chart just confirmed in Browse's own dialog is not asked again."""
        existing = [
            target for target in self.targets(path)
            if target.exists() and not (target == path and self._confirmed_in_browse == path)
        ]
        if not existing:
            return True
        names = "\n".join(f"• {target}" for target in existing)
        answer = QMessageBox.question(
            self,
            "Replace existing files?",
            f"{'This file exists' if len(existing) == 1 else 'These files exist'} and would be replaced:\n{names}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        QMessageBox.warning(self, "Could not export the chart", message)


class PreviewLabel(QLabel):
    """The whole figure, scaled to fit the label whatever its size (again on each resize):
    never cropped, its aspect the export's."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The pixmap must not size the label (a full-size figure would push the dialog open).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._image: QImage | None = None

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._image is None:
            return
        room = self.contentsRect().size() - QSize(4, 4)
        if room.width() < 1 or room.height() < 1:
            return
        self.setPixmap(QPixmap.fromImage(self._image).scaled(
            room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation,
        ))


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    return box
