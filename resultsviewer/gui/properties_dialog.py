"""Dialogs that edit a contest's own fields and a category's: what they return is the set
of changes, which the window turns into one undoable edit."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.contest import Category, Contest, Method, Status
from resultsviewer.core.counts import format_count, parse_count
from resultsviewer.core.errors import CountError

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _is_a_day(text: str) -> bool:
    """Whether a YYYY, YYYY-MM or YYYY-MM-DD text names a real year, month or day ("2016-02-30" does not)."""
    import datetime

    year, month, day = (text.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
METHOD_LABELS = {
    Method.SUM: "One member one vote (all categories pooled)",
    Method.SECTIONS: "Weighted sections (electoral college of a party)",
    Method.SEATS: "Seats (first past the post in each category)",
    Method.ELECTORAL_VOTES: "Electoral votes (each state's votes to its leader)",
}
#: The method boxes' entry for a contest decided in rounds: shown as what decides it, never
#: chosen (the methods above combine categories; none of them counts ranked ballots).
IN_ROUNDS = "instant-runoff"
IN_ROUNDS_LABEL = "Instant runoff (ranked ballots, counted in rounds)"
IN_ROUNDS_TIP = (
    "Decided by its rounds of preferences, as the file gives them: the methods that combine "
    "categories cannot count ranked ballots, so none of them can be chosen here"
)


def fill_method_box(box: QComboBox) -> None:
    """Every counting method, then instant runoff (shown for a contest decided in rounds, never chosen)."""
    for method, label in METHOD_LABELS.items():
        box.addItem(label, method)
    box.addItem(IN_ROUNDS_LABEL, IN_ROUNDS)
    box.model().item(box.count() - 1).setEnabled(False)  # type: ignore[attr-defined]


def show_method(box: QComboBox, contest: Contest, tip: str) -> None:
    """What decides ``contest``: its method, or its rounds (the box then disabled, and
    ``tip`` replaced by why). Cheap when nothing changed: the window calls it on every edit."""
    in_rounds = contest.rounds is not None
    index = box.findData(IN_ROUNDS if in_rounds else contest.method)
    if index != box.currentIndex():
        box.setCurrentIndex(index)
    if box.isEnabled() == in_rounds:
        box.setEnabled(not in_rounds)
        box.setToolTip(IN_ROUNDS_TIP if in_rounds else tip)


def _optional_count(text: str, what: str) -> int | None:
    """An optional whole number as typed (``640,500``); raises CountError naming ``what``."""
    if not text.strip():
        return None
    try:
        return parse_count(text, scientific=True)
    except CountError as error:
        raise CountError(f"{what}: {error}") from None


class _FormDialog(QDialog):
    """A form with OK/Cancel and a line for the reason OK was refused."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._changes: dict[str, Any] = {}

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, with their new values."""
        return dict(self._changes)

    def _read(self) -> dict[str, Any]:
        raise NotImplementedError

    def _current(self) -> dict[str, Any]:
        raise NotImplementedError

    def _on_accept(self) -> None:
        try:
            values = self._read()
        except (CountError, ValueError) as error:
            self.error.setText(str(error))
            self.error.show()
            return
        current = self._current()
        self._changes = {name: value for name, value in values.items() if current.get(name) != value}
        self.accept()


class ContestPropertiesDialog(_FormDialog):
    """Title, date, status, source, notes, counting method and electorate of a contest."""

    def __init__(self, contest: Contest, parent: QWidget | None = None) -> None:
        super().__init__("Contest Properties", parent)
        self.contest = contest
        self.title_edit = QLineEdit(contest.title)
        self.date_edit = QLineEdit(contest.date or "")
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.status_box = QComboBox()
        # Unknown: the source did not say (an imported table); an unknown status is never printed.
        self.status_box.addItem("Unknown (not printed)", None)
        for status in Status:
            self.status_box.addItem(status.value.capitalize(), status)
        self.status_box.setCurrentIndex(0 if contest.status is None else self.status_box.findData(contest.status))
        self.method_box = QComboBox()
        fill_method_box(self.method_box)
        show_method(self.method_box, contest, "")
        self.electorate_edit = QLineEdit("" if contest.electorate is None else format_count(contest.electorate))
        self.electorate_edit.setPlaceholderText("eligible voters (empty: the sum of the categories')")
        self.source_edit = QPlainTextEdit(contest.source or "")
        self.source_edit.setPlaceholderText("Where the figures come from")
        self.source_edit.setFixedHeight(70)
        self.notes_edit = QPlainTextEdit(contest.notes or "")
        self.notes_edit.setFixedHeight(70)
        for label, widget in (
            ("&Title:", self.title_edit),
            ("&Date:", self.date_edit),
            ("S&tatus:", self.status_box),
            ("&Method:", self.method_box),
            ("&Electorate:", self.electorate_edit),
            ("&Source:", self.source_edit),
            ("&Notes:", self.notes_edit),
        ):
            self.form.addRow(label, widget)
        self.resize(560, self.sizeHint().height())

    def _current(self) -> dict[str, Any]:
        contest = self.contest
        return {
            "title": contest.title,
            "date": contest.date,
            "status": contest.status,
            "method": contest.method,
            "electorate": contest.electorate,
            "source": contest.source,
            "notes": contest.notes,
        }

    def _read(self) -> dict[str, Any]:
        title = " ".join(self.title_edit.text().split())
        if not title:
            raise ValueError("The title cannot be empty.")
        date = self.date_edit.text().strip() or None
        if date is not None and not _DATE.fullmatch(date):
            raise ValueError(f"Write the date as YYYY-MM-DD (or YYYY-MM, or YYYY), not {date!r}.")
        if date is not None and not _is_a_day(date):
            raise ValueError(f"{date!r} is not a date of the calendar (its month or day is out of range).")
        return {
            "title": title,
            "date": date,
            "status": self.status_box.currentData(),
            # A contest decided in rounds keeps its method (the one its first preferences are pooled by).
            "method": self.contest.method if self.method_box.currentData() == IN_ROUNDS else self.method_box.currentData(),
            "electorate": _optional_count(self.electorate_edit.text(), "Electorate"),
            "source": self.source_edit.toPlainText().strip() or None,
            "notes": self.notes_edit.toPlainText().strip() or None,
        }


class CategoryPropertiesDialog(_FormDialog):
    """A category's name, electorate, weight (electoral college) and rejected ballots."""

    def __init__(self, category: Category, parent: QWidget | None = None) -> None:
        super().__init__(f"Category: {category.name}", parent)
        self.category = category
        self.name_edit = QLineEdit(category.name)
        self.electorate_edit = QLineEdit("" if category.electorate is None else format_count(category.electorate))
        self.electorate_edit.setPlaceholderText("eligible voters in this category")
        self.weight_edit = QLineEdit("" if category.weight is None else f"{category.weight:g}")
        self.weight_edit.setPlaceholderText("electoral college weight, e.g. 1 or 33.3")
        self.rejected_edit = QLineEdit("" if category.rejected is None else format_count(category.rejected))
        self.rejected_edit.setPlaceholderText("ballots rejected or spoilt")
        self.electoral_votes_edit = QLineEdit("" if category.electoral_votes is None else format_count(category.electoral_votes))
        self.electoral_votes_edit.setPlaceholderText("a US state's electoral votes (electoral-votes method)")
        for label, widget in (
            ("&Name:", self.name_edit),
            ("&Electorate:", self.electorate_edit),
            ("&Weight:", self.weight_edit),
            ("&Rejected ballots:", self.rejected_edit),
            ("Electoral &votes:", self.electoral_votes_edit),
        ):
            self.form.addRow(label, widget)

    def _current(self) -> dict[str, Any]:
        category = self.category
        return {
            "name": category.name,
            "electorate": category.electorate,
            "weight": category.weight,
            "rejected": category.rejected,
            "electoral_votes": category.electoral_votes,
        }

    def _read(self) -> dict[str, Any]:
        name = " ".join(self.name_edit.text().split())
        if not name:
            raise ValueError("The name cannot be empty.")
        weight_text = self.weight_edit.text().strip()
        weight: float | None = None
        if weight_text:
            try:
                weight = float(weight_text)
            except ValueError:
                raise ValueError(f"The weight must be a number, not {weight_text!r}.") from None
            if not 0 <= weight < float("inf"):
                raise ValueError("The weight must be a number from 0 up.")
        return {
            "name": name,
            "electorate": _optional_count(self.electorate_edit.text(), "Electorate"),
            "weight": weight,
            "rejected": _optional_count(self.rejected_edit.text(), "Rejected ballots"),
            "electoral_votes": _optional_count(self.electoral_votes_edit.text(), "Electoral votes"),
        }
