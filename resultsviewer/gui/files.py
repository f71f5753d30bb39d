"""The document's files: New, Open (and the import dialog), Open Example, Open Recent, Save,
Save As, the change log, and a file changed on disk by another program.

What a file holds and which reader opens it is the core's
(:func:`~resultsviewer.core.formats.opening.open_contest_file`); this module asks the
user what only they can say (where, Save / Discard / Cancel, reload?) and hands the
result to the :class:`Document`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from resultsviewer.core.atomic import atomic_write
from resultsviewer.core.contest import Contest
from resultsviewer.core.errors import ContestError
from resultsviewer.core.examples import Example
from resultsviewer.core.formats import (
    FORMATS,
    NATIVE,
    SPREADSHEET_CSV,
    FileFormat,
    format_for_path,
    suggested_file_stem,
)
from resultsviewer.core.formats.losses import format_losses
from resultsviewer.core.formats.opening import Opening, Origin
from resultsviewer.core.reader_warnings import contest_notes

from .document import Document, blank_contest
from .settings import add_recent_file, clear_recent_files, last_folder, recent_files
from .undo import change_log


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class FileCommands(QObject):
    """Opening and saving one document, in one window."""

    def __init__(self, document: Document, parent: QWidget, say: Callable[[str, int], None]) -> None:
        super().__init__(parent)
        self.document = document
        self.parent_widget = parent
        #: Tells the user something in passing (the status bar), for so many milliseconds.
        self.say = say
        # Another program changing the open file: offer to reload it.
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed_on_disk)
        self._disk_signature: tuple[int, int] | None = None
        self._asking_to_reload = False
        document.origin_changed.connect(self._watch_file)

    # --- asking -------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.document.is_modified:
            return True
        answer = QMessageBox.question(
            self.parent_widget,
            "Unsaved changes",
            f"Save the changes to “{self.document.name}” before going on?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # --- opening ------------------------------------------------------------------------

    def new_document(self) -> None:
        if self.maybe_save():
            self.document.replace(blank_contest(), Origin(name="Untitled"))

    def open_example(self, example: Example) -> None:
        if not self.maybe_save():
            return
        try:
            contest = example.load()
        except ContestError as error:
            QMessageBox.warning(self.parent_widget, "Cannot open the example", str(error))
            return
        self.document.replace(contest, Origin(name=example.title))

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        filters = ";;".join(
            ["Results files (*.results.json *.json *.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.ods)"]
            + [file_format.filter() for file_format in FORMATS]
            + ["Any table of results (*.csv *.tsv *.txt)", "Workbooks (*.xlsx *.xlsm *.xls *.ods)", "All files (*)"]
        )
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Open Results", last_folder(), filters)
        if path:
            self.open_path(path, ask_to_save=False)

    def open_path(self, path: str | os.PathLike[str], *, ask_to_save: bool = True) -> bool:
        """Open a file: native and our CSV at once, any other table through the import dialog.

        A file that cannot be read is explained in a message box and the document that
        was open stays as it was. Returns True when the file was opened.
        """
        if ask_to_save and not self.maybe_save():
            return False
        opened = self.load_file(Path(path))
        if opened is None or opened.contest is None:
            return False
        self.document.replace(opened.contest, opened.origin())
        add_recent_file(Path(path))
        notes = contest_notes(opened.contest)
        if notes:  # an empty contest is opened to be filled in, but not silently
            self.say(f"Opened {Path(path).name}: " + "; ".join(notes), 10000)
        else:
            self.say(f"Opened {Path(path).name}", 5000)
        return True

    def load_file(self, path: Path) -> Opening | None:
        """The contest in ``path``, or None after telling the user why not (or on cancel)."""
        from .import_dialog import ImportDialog

        return ImportDialog.open_file(self.parent_widget, path)

    def restore_recovered(
        self, contest: Contest, name: str, original_path: str | None, original_signature: tuple[int, int] | None = None
    ) -> None:
        """Show a document recovered after a crash: modified, so that closing asks to save it.

        Save writes the original file (an absolute path, wherever the app was started
        from), and asks first if it changed since the crashed window read it. When the
        original is gone, or its path was kept relative by an older version (whose folder
        is unknown), Save asks where to save.
        """
        path = Path(original_path) if original_path else None
        message = "Recovered the unsaved changes of the last session: save them to keep them"
        if path is not None and not path.is_absolute():
            path = None
            message += f" (the original {original_path} cannot be found: Save asks where)"
        elif path is not None and not path.is_file():
            message += f" (the original {path} is gone: Save asks where)"
            path = None
        saved_as = format_for_path(path) if path is not None else None
        self.document.replace(contest, Origin(path, saved_as, f"{name} (recovered)"))
        if self.document.file_path is not None and original_signature is not None:
            self.document.read_signature = original_signature
        self.document.mark_recovered()
        self.say(message, 10000)

    # --- saving -------------------------------------------------------------------------

    def save(self) -> bool:
        path = self.document.file_path
        if path is None:
            return self.save_as()
        if self.changed_on_disk():
            answer = self._ask_overwrite_changed()
            if answer == "save-as":
                return self.save_as()
            if answer != "overwrite":
                return False
        return self.save_to(path)

    def changed_on_disk(self) -> bool:
        """True when the document's file is not what this document last read or wrote."""
        path = self.document.file_path
        if path is None:
            return False
        now = _signature(path)
        return now is not None and now != self.document.read_signature

    def _ask_overwrite_changed(self) -> str:
        """Overwrite, Save As or Cancel, when the file changed since it was read or saved."""
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("File changed on disk")
        path = self.document.file_path
        name = path.name if path else self.document.name
        box.setText(f"“{name}” was changed by another program or window since you opened or last saved it.")
        box.setInformativeText("Overwriting it loses those changes. Save your version under another name instead?")
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        if clicked is overwrite:
            return "overwrite"
        if clicked is save_as:
            return "save-as"
        return "cancel"

    def save_as(self) -> bool:
        suggested = self.document.file_path or Path(last_folder()) / (suggested_file_stem(self.document.name) + ".results.json")
        filters = f"{NATIVE.filter()};;{SPREADSHEET_CSV.filter()}"
        path, chosen_filter = QFileDialog.getSaveFileName(self.parent_widget, "Save Contest As", str(suggested), filters)
        if not path:
            return False
        if format_for_path(path) is None:
            path += SPREADSHEET_CSV.extensions[0] if chosen_filter == SPREADSHEET_CSV.filter() else NATIVE.extensions[0]
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the contest atomically; on failure say why and keep the document modified.

        Before a format that cannot hold part of the document, the window says exactly
        what would be left out and offers the native format instead.
        """
        try:
            file_format = format_for_path(path) or NATIVE
            lost = format_losses(self.document.contest, file_format, path, read_from=self.document.file_path)
            if lost:
                answer = self.ask_about_losses(path, file_format, lost)
                if answer == "native":
                    return self.save_as_native(path)
                if answer != "write":
                    return False
            file_format = self.document.save_to(path, file_format, complete=not lost)
        except ContestError as error:
            QMessageBox.critical(self.parent_widget, "Could not save", f"{error}\n\nThe file on disk was left as it was.")
            return False
        add_recent_file(path)
        if lost:
            # The file is not the document: it stays modified, and the status bar says why.
            self.say(f"Saved {path.name} ({file_format.label}) without {'; '.join(lost)}: still unsaved", 15000)
        else:
            self.say(f"Saved {path.name} ({file_format.label})", 5000)
        return True

    def ask_about_losses(self, path: Path, file_format: FileFormat, lost: list[str]) -> str:
        """Ask before writing a format that leaves part of the document out:
        ``"write"``, ``"native"`` (save as .results.json instead) or ``"cancel"``."""
        box = lossy_save_box(self.parent_widget, path, file_format, lost)
        box.exec()
        return box.property("answer") or "cancel"

    def save_as_native(self, path: Path) -> bool:
        """Save As in the native format, offering the same name with its extension."""
        suggested = path.with_name(suggested_file_stem(path.name) + NATIVE.extensions[0])
        chosen, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save Contest As", str(suggested), NATIVE.filter())
        if not chosen:
            return False
        target = Path(chosen)
        if format_for_path(target) is not NATIVE:
            target = target.with_name(target.name + NATIVE.extensions[0])
        return self.save_to(target)

    def export_change_log(self, path: str | os.PathLike[str] | None = None) -> bool:
        if path is None:
            suggested = Path(last_folder()) / (suggested_file_stem(self.document.name) + ".changes.txt")
            path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export Change Log", str(suggested), "Text (*.txt)")
            if not path:
                return False
        try:
            atomic_write(path, change_log(self.document.undo_stack, self.document.contest.title).encode("utf-8"))
        except ContestError as error:
            QMessageBox.critical(self.parent_widget, "Could not save the change log", str(error))
            return False
        self.say(f"Change log written to {Path(path).name}", 5000)
        return True

    # --- recent files -------------------------------------------------------------------

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        files = recent_files()
        for number, item in enumerate(files, start=1):
            action = menu.addAction(f"&{number % 10} {Path(item).name}")
            action.setStatusTip(item)
            action.setEnabled(Path(item).is_file())
            action.triggered.connect(lambda checked=False, chosen=item: self.open_path(chosen))
        if not files:
            menu.addAction("(none)").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear Menu").triggered.connect(clear_recent_files)

    # --- the file on disk ---------------------------------------------------------------

    def _watch_file(self) -> None:
        """Follow the document's file; remember what it was when we last read or wrote it."""
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        path = self.document.file_path
        self._disk_signature = _signature(path) if path else None
        self.document.read_signature = self._disk_signature
        if path is not None and path.is_file():
            self._watcher.addPath(str(path))

    def _on_file_changed_on_disk(self, changed: str) -> None:
        path = self.document.file_path
        if path is None or Path(changed) != path or self._asking_to_reload:
            return
        # An atomic replace (ours or an editor's) drops the path from the watcher: follow the new file.
        if path.is_file() and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))
        signature = _signature(path)
        if signature == self._disk_signature:
            return
        self._disk_signature = signature
        if signature is None:
            self.say(f"{path.name} was moved or deleted on disk; Save writes it again", 10000)
            return
        modified = self.document.is_modified
        warning = "\n\nReloading loses the changes you have not saved." if modified else ""
        # Until the file is reloaded (read in a worker while the window waits), another change
        # on disk is not asked about a second time.
        self._asking_to_reload = True
        try:
            answer = QMessageBox.question(
                self.parent_widget,
                "File changed on disk",
                f"“{path.name}” was changed by another program. Reload it?{warning}",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No if modified else QMessageBox.StandardButton.Yes,
            )
            opened = self.load_file(path) if answer == QMessageBox.StandardButton.Yes else None
        finally:
            self._asking_to_reload = False
        if opened is not None and opened.contest is not None:
            self.document.replace(opened.contest, Origin(path, opened.file_format, path.name))
            self.say(f"Reloaded {path.name}", 5000)


def lossy_save_box(parent: QWidget | None, path: Path, file_format: FileFormat, lost: list[str]) -> QMessageBox:
    """The question asked before a lossy save, each loss on its own line; the button
    clicked is left in the box's ``answer`` property."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Save As " + file_format.label)
    box.setText(f"{path.name}: a {file_format.label} file cannot hold everything in this contest.")
    box.setInformativeText(
        "It would leave out:\n" + "\n".join(f"• {item}" for item in lost)
        + f"\n\nA {NATIVE.label} file ({NATIVE.extensions[0]}) keeps everything."
    )
    native_button = box.addButton(f"Save as {NATIVE.extensions[0]}…", QMessageBox.ButtonRole.AcceptRole)
    write_button = box.addButton(f"Save as {file_format.label} anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(native_button)
    answers = {native_button: "native", write_button: "write"}
    box.buttonClicked.connect(lambda button: box.setProperty("answer", answers.get(button, "cancel")))
    return box


__all__ = ["FileCommands", "lossy_save_box"]
