"""Fault injection around the atomic save: whatever fails, the old file stays whole.

Every failure is injected where the operating system would report it (the write, the
fsync, the final rename, the temporary file's creation) with the errno a real disk
gives, and each test checks three things: the old file is byte-identical, no temporary
file is left beside it, and the SaveError names the path and the reason. The tests run
as root here, where chmod cannot deny anything, so permissions are denied by patching
the call that would fail rather than by chmod.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from resultsviewer.commands import main as cli_main
from resultsviewer.core import atomic
from resultsviewer.core.atomic import atomic_write
from resultsviewer.core.errors import SaveError
from resultsviewer.core.formats import read_contest, write_contest

OLD = b'{"old": "contents that must survive"}\n' * 50
NEW = b'{"new": "contents"}\n' * 5000


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "contest.results.json"
    target.write_bytes(OLD)
    return target


def assert_untouched(target: Path) -> None:
    """The old file is whole and nothing else was left in its folder."""
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def failing(code: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


REASONS = {
    errno.ENOSPC: "no space left",
    errno.EDQUOT: "quota",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only",
    errno.EIO: os.strerror(errno.EIO).lower(),
}


class _PartialWriter(io.RawIOBase):
    """A stream that writes part of the data, then fails as a full disk does."""

    def __init__(self, real: io.BufferedWriter, code: int) -> None:
        self.real = real
        self.code = code

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.real.write(bytes(data)[: len(data) // 2])
        self.real.flush()
        raise OSError(self.code, os.strerror(self.code))

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()

    def writable(self) -> bool:
        return True


@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_failing_write_leaves_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real_fdopen = os.fdopen
    written: list[str] = []

    def fdopen(handle: int, mode: str = "r", *args: object, **kwargs: object):
        written.append(os.readlink(f"/proc/self/fd/{handle}") if os.path.exists("/proc/self/fd") else "")
        return _PartialWriter(real_fdopen(handle, mode), code)

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    with pytest.raises(SaveError) as caught:
        atomic_write(old_file, NEW)
    monkeypatch.undo()
    assert written, "the write went through the patched stream"
    assert str(old_file) in str(caught.value)
    assert REASONS[code] in caught.value.message.lower()
    assert caught.value.target == str(old_file)
    assert_untouched(old_file)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EROFS])
def test_a_failing_fsync_leaves_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    monkeypatch.setattr(atomic.os, "fsync", failing(code))
    with pytest.raises(SaveError) as caught:
        atomic_write(old_file, NEW)
    monkeypatch.undo()
    assert REASONS[code] in str(caught.value).lower() and str(old_file) in str(caught.value)
    assert_untouched(old_file)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EBUSY, errno.EXDEV, errno.ENOSPC])
def test_a_failing_replace_leaves_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    monkeypatch.setattr(atomic.os, "replace", failing(code))
    with pytest.raises(SaveError) as caught:
        atomic_write(old_file, NEW)
    monkeypatch.undo()
    message = str(caught.value)
    assert message.startswith(f"{old_file}: ")
    if code == errno.EBUSY:
        assert "in use" in message
    assert_untouched(old_file)


def test_a_failing_chmod_leaves_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "chmod", failing(errno.EPERM))
    with pytest.raises(SaveError, match="permission denied"):
        atomic_write(old_file, NEW)
    monkeypatch.undo()
    assert_untouched(old_file)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_a_folder_that_refuses_new_files(old_file: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """A read-only folder: the temporary file cannot be created (chmod cannot deny root)."""
    monkeypatch.setattr(atomic.tempfile, "mkstemp", failing(code))
    with pytest.raises(SaveError) as caught:
        atomic_write(old_file, NEW)
    monkeypatch.undo()
    assert REASONS[code] in caught.value.message.lower()
    assert_untouched(old_file)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_for_real(old_file: Path) -> None:
    old_file.parent.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            atomic_write(old_file, NEW)
    finally:
        old_file.parent.chmod(0o755)
    assert_untouched(old_file)


def test_an_interrupt_mid_write_removes_the_temporary_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only OSError: Ctrl+C during the write must not leave a half-written temporary."""

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(old_file, NEW)
    monkeypatch.undo()
    assert_untouched(old_file)


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    target = tmp_path / "contest.results.json"
    target.mkdir()
    (target / "inside.txt").write_text("kept")
    with pytest.raises(SaveError) as caught:
        atomic_write(target, NEW)
    assert caught.value.message == "a folder stands where the file should be"
    assert str(target) in str(caught.value)
    assert (target / "inside.txt").read_text() == "kept"


def test_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "contest.results.json"
    with pytest.raises(SaveError) as caught:
        atomic_write(target, NEW)
    assert "does not exist" in caught.value.message and "no such folder" in caught.value.message
    assert not (tmp_path / "no such folder").exists()


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file")
    with pytest.raises(SaveError, match="is a file, not a folder"):
        atomic_write(tmp_path / "notes.txt" / "contest.results.json", NEW)
    assert (tmp_path / "notes.txt").read_text() == "a file"


def test_a_new_file_is_created_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.results.json"
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["new.results.json"]


def test_the_old_files_permissions_are_kept(old_file: Path) -> None:
    old_file.chmod(0o640)
    atomic_write(old_file, NEW)
    assert old_file.read_bytes() == NEW
    assert old_file.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symlinked_target_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    """Users expect saving through a link to update the file it points to, as editors do."""
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "contest.results.json"
    real.write_bytes(OLD)
    link = tmp_path / "link.results.json"
    link.symlink_to(real)
    atomic_write(link, NEW)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == NEW and link.read_bytes() == NEW
    # The temporary file was made beside the real file (so the rename stays on one disk).
    assert sorted(p.name for p in real_folder.iterdir()) == ["contest.results.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.results.json", "real"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_chain_of_links_and_a_dangling_link(tmp_path: Path) -> None:
    real = tmp_path / "real.results.json"
    real.write_bytes(OLD)
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    first.symlink_to(second)
    second.symlink_to(real)
    atomic_write(first, NEW)
    assert first.is_symlink() and second.is_symlink() and real.read_bytes() == NEW

    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "created-through-the-link.json")
    atomic_write(dangling, NEW)
    assert dangling.is_symlink() and (tmp_path / "created-through-the-link.json").read_bytes() == NEW


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symlink_loop_is_a_save_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(SaveError) as caught:
        atomic_write(loop, NEW)
    assert str(loop) in str(caught.value)


def test_a_name_near_the_length_limit(tmp_path: Path) -> None:
    """The temporary file's name must not be what makes a valid target name fail."""
    target = tmp_path / ("é" * 115 + ".results.json")  # 243 bytes: valid, but too long with a prefix
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_write_contest_saves_atomically(old_file: Path, default_contest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "replace", failing(errno.ENOSPC))
    with pytest.raises(SaveError, match="no space left"):
        write_contest(default_contest, old_file)
    monkeypatch.undo()
    assert_untouched(old_file)
    write_contest(default_contest, old_file)
    assert read_contest(old_file).title == default_contest.title


@pytest.mark.parametrize("output", ["out.results.json", "out.csv"])
def test_convert_uses_the_atomic_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], default_contest, output: str
) -> None:
    source = tmp_path / "in.results.json"
    write_contest(default_contest, source)
    target = tmp_path / output
    target.write_bytes(OLD)
    monkeypatch.setattr(atomic.os, "fsync", failing(errno.ENOSPC))
    assert cli_main(["convert", str(source), str(target), "--allow-loss"]) == 1
    monkeypatch.undo()
    error = capsys.readouterr().err.splitlines()[-1]  # after the CSV's list of losses
    assert error.startswith("resultsviewer: ") and str(target) in error and "no space left" in error
    assert "Traceback" not in error
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in.results.json", output])

    assert cli_main(["convert", str(source), str(target), "--allow-loss"]) == 0
    assert read_contest(target).candidate_count == default_contest.candidate_count


def test_convert_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], default_contest) -> None:
    source = tmp_path / "in.results.json"
    write_contest(default_contest, source)
    assert cli_main(["convert", str(source), str(tmp_path / "missing" / "out.csv"), "--allow-loss"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_a_save_sweeps_what_killed_saves_of_the_same_file_left(tmp_path):
    """A SIGKILL mid-save leaves ``.name.XXXX.tmp``; the next save of that file removes it
    once it is old enough that no save running now can own it."""
    import os
    import time

    from resultsviewer.core.atomic import STALE_TEMPORARY_SECONDS, atomic_write

    target = tmp_path / "contest.results.json"
    stale = tmp_path / ".contest.results.json.abc123.tmp"
    fresh = tmp_path / ".contest.results.json.def456.tmp"
    other = tmp_path / ".other.results.json.abc123.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_bytes(b"half a save")
    old = time.time() - STALE_TEMPORARY_SECONDS - 60
    for leftover in (stale, other):
        os.utime(leftover, (old, old))
    atomic_write(target, b"{}")
    assert not stale.exists(), "an old leftover of this file is swept"
    assert fresh.exists(), "a recent one may belong to a save running now"
    assert other.exists(), "another file's leftovers are not ours to judge"


# Special files: a save never replaces anything but a regular file. Run as root against
# /dev/full, replacing the target swapped the machine's device node for a file.


def _make_char_device(path: Path) -> None:
    import stat

    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")


def _assert_refused_and_kept(target: Path, kind: str, check_kind) -> None:
    before = os.lstat(target)
    with pytest.raises(SaveError) as caught:
        atomic_write(target, NEW)
    assert str(target) in str(caught.value) and kind in str(caught.value)
    after = os.lstat(target)
    assert check_kind(after.st_mode) and after.st_ino == before.st_ino and after.st_rdev == before.st_rdev
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_device_node_is_never_replaced(tmp_path: Path) -> None:
    import stat

    device = tmp_path / "fakenull"
    _make_char_device(device)
    _assert_refused_and_kept(device, "a device", stat.S_ISCHR)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_fifo_is_never_replaced(tmp_path: Path) -> None:
    import stat

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    _assert_refused_and_kept(fifo, "named pipe", stat.S_ISFIFO)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no unix sockets")
def test_a_socket_is_never_replaced(tmp_path: Path) -> None:
    import socket
    import stat

    path = tmp_path / "listening.json"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        _assert_refused_and_kept(path, "a socket", stat.S_ISSOCK)
    finally:
        server.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_link_to_a_fifo_is_refused_and_both_are_kept(tmp_path: Path) -> None:
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    with pytest.raises(SaveError, match="named pipe"):
        atomic_write(link, NEW)
    assert link.is_symlink() and os.readlink(link) == str(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_convert_onto_a_device_node_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], default_contest
) -> None:
    """The reported case: ``mknod fakenull c 1 3; resultsviewer convert contest.json fakenull``."""
    import stat

    source = tmp_path / "contest.results.json"
    write_contest(default_contest, source)
    device = tmp_path / "fakenull"
    _make_char_device(device)
    assert cli_main(["convert", str(source), str(device)]) == 1
    error = capsys.readouterr().err
    assert str(device) in error and "not a regular file" in error and "Traceback" not in error
    assert stat.S_ISCHR(os.lstat(device).st_mode) and os.lstat(device).st_rdev == os.makedev(1, 3)


# --- several files as one save (a chart and its CSV) -------------------------------------------


def test_several_files_are_written_together(tmp_path: Path) -> None:
    chart, data = tmp_path / "v.png", tmp_path / "v.csv"
    chart.write_bytes(OLD)
    atomic.atomic_write_all([(chart, NEW), (data, b"a,b\r\n")])
    assert chart.read_bytes() == NEW and data.read_bytes() == b"a,b\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv", "v.png"]


@pytest.mark.parametrize("blocker", ["folder", "fifo", "missing folder"])
def test_a_refused_second_file_leaves_the_first(tmp_path: Path, blocker: str) -> None:
    chart = tmp_path / "v.png"
    chart.write_bytes(OLD)
    data = tmp_path / "v.csv"
    if blocker == "folder":
        data.mkdir()
    elif blocker == "fifo":
        os.mkfifo(data)
    else:
        data = tmp_path / "nodir" / "v.csv"
    with pytest.raises(SaveError) as caught:
        atomic.atomic_write_all([(chart, NEW), (data, b"new data")])
    assert str(caught.value).startswith(f"{data}: ")
    assert chart.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == (["v.png"] if blocker == "missing folder" else ["v.csv", "v.png"])


@pytest.mark.parametrize("failing_call", [1, 2])
def test_a_failing_rename_puts_back_the_files_already_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int) -> None:
    """The second rename fails after the first succeeded: the first file is put back."""
    first, second, third = tmp_path / "a.png", tmp_path / "a.csv", tmp_path / "b.png"
    first.write_bytes(OLD)
    third.write_bytes(OLD + b"third")  # `second` is new: put back means removed
    real_replace = os.replace
    calls: list[object] = []

    def replace(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == failing_call + 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(SaveError, match="no space left"):
        atomic.atomic_write_all([(first, NEW), (second, b"data"), (third, NEW)])
    monkeypatch.undo()
    assert first.read_bytes() == OLD and third.read_bytes() == OLD + b"third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]  # no temporary, no backup left
