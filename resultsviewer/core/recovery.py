"""The recovery file: what an autosave writes and what the next start reads back.

Qt-free: the format, the name of a window's file, and which files a crashed process
left. Where the folder is (the per-user data folder) and when to write (a debounce
after the last edit) are the window's business (``gui/recovery.py``).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .contest import Contest
from .errors import LoadError
from .formats import native, read_bytes

RECOVERY_FORMAT = "resultsviewer-recovery"
RECOVERY_SUFFIX = ".recovery.json"


def recovery_file_name() -> str:
    """``<pid>-<random>.recovery.json``: the pid tells a later start whether its writer is gone."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}{RECOVERY_SUFFIX}"


def process_start(pid: int) -> str | None:
    """What tells this run of process ``pid`` from a later process given the same id.

    On Linux, the boot's id and the process's start time (clock ticks since boot, field
    22 of ``/proc/PID/stat``); None where the system does not say.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            stat_line = stream.read(4096)
        # The command name (field 2) is in parentheses and may hold spaces: split after it.
        fields = stat_line[stat_line.rindex(b")") + 2 :].split()
        started = fields[19].decode("ascii")
        with open("/proc/sys/kernel/random/boot_id", "rb") as stream:
            boot = stream.read(64).decode("ascii").strip()
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return None
    return f"{boot}:{started}"


#: This process's start, recorded in its recovery files (see :func:`process_start`).
OWN_START = process_start(os.getpid())


def process_alive(pid: int, started: str | None = None) -> bool:
    """True while the process that wrote a recovery file still runs.

    A process id alone is reused by the system; where the record has the process's start
    (:func:`process_start`), a live process with the same id but another start is not
    the writer, and the file is offered back.
    """
    if pid == os.getpid():
        alive = True
    else:
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            return False
        except (PermissionError, OSError):
            alive = True  # someone else's process: alive, whose it is said below
    if alive and started is not None:
        now = process_start(pid)
        if now is not None and now != started:
            return False
    return alive


def recovery_document(
    contest: Contest,
    name: str,
    original_path: str | os.PathLike[str] | None,
    original_signature: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The JSON object a recovery file holds: the contest, where it came from (an absolute
    path: the next start may be from another folder) and that file as it was read or written."""
    return {
        "format": RECOVERY_FORMAT,
        "version": 1,
        "name": name,
        "path": os.path.abspath(original_path) if original_path else None,
        "original_signature": list(original_signature) if original_path and original_signature else None,
        # The writer is the pid in the file's name, in the run that started then.
        "process_start": OWN_START,
        "saved_at": time.time(),
        "contest": native.to_document(contest),
    }


def write_recovery(
    path: Path,
    contest: Contest,
    name: str,
    original_path: str | os.PathLike[str] | None,
    original_signature: tuple[int, int] | None = None,
) -> None:
    """Write a recovery file atomically; raises OSError or ContestError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = recovery_document(contest, name, original_path, original_signature)
    atomic_write(path, json.dumps(document, ensure_ascii=False).encode("utf-8"))


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by a window whose process ended without a clean close."""

    path: Path
    document_name: str
    original_path: str | None
    saved_at: float
    #: The original file's (mtime_ns, size) when the crashed window read or wrote it.
    original_signature: tuple[int, int] | None = None

    def load(self) -> Contest:
        document = json.loads(read_bytes(self.path))
        return native.from_document(document["contest"], str(self.path))

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        return f"“{self.document_name}”, last autosaved {when}"


def pending_recoveries(folder: Path) -> list[Recovery]:
    """Recovery files of processes that are gone, newest first; unreadable ones are skipped."""
    found = []
    for path in folder.glob("*" + RECOVERY_SUFFIX):
        try:
            pid = int(path.name.split("-", 1)[0])
        except ValueError:
            continue
        try:
            # read_bytes: a FIFO or device given the name of a recovery file must not hang the start.
            document = json.loads(read_bytes(path))
            if document.get("format") != RECOVERY_FORMAT:
                continue
            started = document.get("process_start")
            if process_alive(pid, started if isinstance(started, str) else None):
                continue
            signature = document.get("original_signature")
            found.append(
                Recovery(
                    path,
                    str(document.get("name") or "Untitled"),
                    document.get("path"),
                    float(document["saved_at"]),
                    (int(signature[0]), int(signature[1])) if isinstance(signature, list) and len(signature) == 2 else None,
                )
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, LoadError):
            continue
    return sorted(found, key=lambda recovery: -recovery.saved_at)


__all__ = [
    "RECOVERY_FORMAT",
    "Recovery",
    "pending_recoveries",
    "OWN_START",
    "process_alive",
    "process_start",
    "recovery_document",
    "recovery_file_name",
    "write_recovery",
]
