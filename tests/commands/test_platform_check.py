"""The first command on a fresh machine (issue 12, item 6): where Qt cannot open a window
(no display, or the xcb libraries missing), one line says what is missing and how to
install it, exit 1, instead of Qt's own abort (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys

from resultsviewer.platform_check import XCB_LIBRARIES, install_commands, window_problem


def test_no_display_is_one_line_and_exit_1_not_a_qt_abort():
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "resultsviewer"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "there is no display" in lines[0]
    assert "tally, check, convert and export work without one" in lines[0]


def test_missing_xcb_libraries_name_the_packages_for_debian_and_fedora():
    problem = window_problem({"DISPLAY": ":0"}, "linux", missing=lambda: ["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    assert problem is not None and "\n" not in problem
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in problem
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 (Debian/Ubuntu)" in problem
    assert "sudo dnf install xcb-util-cursor xcb-util-wm (Fedora)" in problem


def test_platforms_that_need_no_display_or_xcb_pass():
    nothing_missing = lambda: []  # noqa: E731
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert window_problem({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux") is None
    assert window_problem({"DISPLAY": ":0"}, "linux", missing=nothing_missing) is None
    assert window_problem({}, "darwin") is None and window_problem({}, "win32") is None


def test_every_library_has_a_package_on_both_systems():
    assert all(debian and fedora for debian, fedora in XCB_LIBRARIES.values())
    assert install_commands(["libxcb-cursor.so.0"]) == (
        "sudo apt install libxcb-cursor0 (Debian/Ubuntu) or sudo dnf install xcb-util-cursor (Fedora)"
    )
