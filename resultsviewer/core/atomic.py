"""Atomic saving: a failed or interrupted save leaves the old file whole."""

from __future__ import annotations

import errno
import glob
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .errors import SaveError


def _reason(error: OSError) -> str:
    reasons = {
        errno.ENOSPC: "there is no space left on the device",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "a folder stands where the file should be",
        errno.ETXTBSY: "the file is in use",
        errno.EBUSY: "the file is in use",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, then replace.

    The temporary file is flushed to disk before it replaces the target, so a crash at
    any moment leaves either the old file or the new one, never a torn one. The old
    file's permissions are kept. Raises :class:`SaveError` with the reason.
    """
    shown = str(path)
    target = check_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    temporary: str | None = None
    try:
        temporary = _write_temporary(shown, target, data)
        # Checked again just before the rename: a FIFO or device made at the target while
        # the data was being written must not be replaced either.
        _refuse_special_target(shown, target)
        os.replace(temporary, target)
        temporary = None
        _sync_folder(folder)
        _remove_stale_temporaries(folder, target.name)
    except SaveError:
        raise
    except OSError as error:
        raise SaveError(shown, _reason(error)) from None
    finally:
        _unlink_quietly(temporary)


def check_target(path: str | os.PathLike[str]) -> Path:
    """The file a save of ``path`` would replace (a symbolic link's target), or
    :class:`SaveError` when it cannot be saved there: its folder is missing or is a file,
    or a folder, a device, a FIFO or a socket stands where the file should be.

    :func:`atomic_write` checks this first; a command writing several files checks all of
    them before writing any, so that it refuses the same way as a single save."""
    shown = str(path)
    # Saving through a symbolic link replaces the file it points to and keeps the link,
    # as an editor does; replacing the link itself would cut it from its target.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    _refuse_special_target(shown, target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        if folder.exists():
            raise SaveError(shown, f"{str(folder)!r} is a file, not a folder")
        raise SaveError(shown, f"the folder {str(folder)!r} does not exist")
    return target


def _write_temporary(shown: str, target: Path, data: bytes) -> str:
    """``data`` in a temporary file beside ``target``, flushed to disk, with the old file's
    permissions (or the umask's); its path. Raises OSError (the caller removes it)."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise SaveError(shown, _reason(error)) from None
    # The temporary name is kept short: a target name near the 255-byte limit must
    # not fail for the temporary file's sake.
    handle, temporary = tempfile.mkstemp(prefix=f".{_short(target.name)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
    except BaseException:
        _unlink_quietly(temporary)
        raise
    return temporary


def _unlink_quietly(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def atomic_write_all(files: Sequence[tuple[str | os.PathLike[str], bytes]]) -> None:
    """Write several files as one save: all of them, or none (a chart and its data).

    Every target is checked (:func:`check_target`) and every new file written to a
    temporary file beside its target before any target is replaced; a refusal or a
    failure up to then leaves every old file as it was. Should a rename fail after others
    were done, those are put back: the old files were kept under a hard link (or a copy)
    until all the renames succeeded. Raises :class:`SaveError` naming the file at fault.
    """
    targets = [(str(path), check_target(path), data) for path, data in files]
    seen: dict[Path, str] = {}
    for shown, target, _ in targets:
        key = Path(os.path.abspath(target))
        if key in seen:
            raise SaveError(shown, f"{seen[key]} would be written to the same file")
        seen[key] = shown
    temporaries: list[str] = []
    backups: list[str | None] = []
    replaced: list[int] = []
    current = targets[0][0] if targets else ""
    try:
        for shown, target, data in targets:
            current = shown
            temporaries.append(_write_temporary(shown, target, data))
        for shown, target, _ in targets:
            current = shown
            _refuse_special_target(shown, target)
            backups.append(_backup(target))
        for index, (shown, target, _) in enumerate(targets):
            current = shown
            os.replace(temporaries[index], target)
            replaced.append(index)
    except OSError as error:  # a SaveError too
        for index in reversed(replaced):
            _restore(targets[index][1], backups[index])
            temporaries[index] = ""  # renamed: nothing left to remove
        for temporary in temporaries:
            _unlink_quietly(temporary or None)
        for backup in backups:
            _unlink_quietly(backup)
        if isinstance(error, SaveError):
            raise
        raise SaveError(current, _reason(error)) from None
    for backup in backups:
        _unlink_quietly(backup)
    for folder in {target.parent if str(target.parent) else Path(".") for _, target, _ in targets}:
        _sync_folder(folder)
    for _, target, _ in targets:
        _remove_stale_temporaries(target.parent if str(target.parent) else Path("."), target.name)


def _backup(target: Path) -> str | None:
    """A second name for the old file (a hard link, else a copy) to put it back by; None
    when there is no old file."""
    if not target.exists():
        return None
    folder = target.parent if str(target.parent) else Path(".")
    handle, backup = tempfile.mkstemp(prefix=f".{_short(target.name)}.", suffix=".tmp", dir=folder)
    os.close(handle)
    os.unlink(backup)
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return backup


def _restore(target: Path, backup: str | None) -> None:
    """Put the old file back after a failed save of several files (remove the new one
    where there was none)."""
    try:
        if backup is None:
            os.unlink(target)
        else:
            os.replace(backup, target)
    except OSError:
        pass  # nothing more can be done; the error raised names the file


def _file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _refuse_special_target(shown: str, target: Path) -> None:
    """Refuse a target that exists and is not a regular file.

    Replacing it would swap a device node, a FIFO or a socket for a regular file (run as
    root against /dev/full, that replaces the machine's /dev/full), which no user means
    by Save. Only regular files are ever replaced.
    """
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there yet; the folder checks that follow say what is wrong
    except OSError as error:
        raise SaveError(shown, _reason(error)) from None
    kind = _file_kind(mode)
    if kind == "a folder":
        raise SaveError(shown, "a folder stands where the file should be")
    if kind is not None:
        raise SaveError(shown, f"it is {kind}, not a regular file; saving would replace it, so nothing was written")


#: A temporary file of ours older than this was left by a save that was killed; a save
#: running now in another process is never that old.
STALE_TEMPORARY_SECONDS = 3600


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Sweep the temporary files that killed saves of this same file left beside it."""
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for leftover in folder.glob(f".{glob.escape(_short(name))}.*.tmp"):
        try:
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass  # a sweep that fails changes nothing the user asked for


#: The name ``tempfile.mkstemp`` gives our temporary files: ``.NAME.XXXXXXXX.tmp``.
_TEMPORARY_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> int:
    """Sweep the temporary files killed saves left in ``folder``, whatever file they were
    saving (the start-up sweep: a save sweeps only its own file's); returns how many.

    Only names of the form atomic_write makes, older than :data:`STALE_TEMPORARY_SECONDS`
    (a save running now in another process is never that old), regular files only.
    """
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMPORARY_NAME.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass  # a sweep that fails changes nothing the user asked for
    return removed


def _short(name: str) -> str:
    """At most 80 bytes of a file name, cut on a character boundary."""
    return name.encode("utf-8", "surrogateescape")[:80].decode("utf-8", "ignore")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
