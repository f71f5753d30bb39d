"""Can Qt open a window here? Checked before the window is made, without importing Qt.

On Linux, Qt's X11 platform plugin (xcb) needs system libraries that a fresh machine may
lack (libxcb-cursor0 and friends), and any window needs a display. Without them Qt
aborts the process with its own message (exit 134). This check says instead, in one
line, what is missing and the command that installs it on Debian/Ubuntu and Fedora.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: The system libraries Qt's xcb plugin links (``ldd libQt6XcbQpa.so.6``, Qt 6.11), and
#: the packages that hold them: (Debian/Ubuntu, Fedora).
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}

#: Platforms that need no display (QT_QPA_PLATFORM).
_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
_MISSING = re.compile(r"([\w.+-]+\.so[.\d]*): cannot open shared object file")


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_xcb_libraries(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The shared libraries Qt's xcb plugin needs that cannot be loaded here."""
    missing = [library for library in XCB_LIBRARIES if not loads(library)]
    plugin = _xcb_plugin()
    if not missing and plugin is not None:
        # A library not in our list: the loader names the first one it cannot find.
        try:
            ctypes.CDLL(str(plugin))
        except OSError as error:
            found = _MISSING.search(str(error))
            if found:
                missing.append(found.group(1))
    return missing


def install_commands(libraries: list[str]) -> str:
    """``sudo apt install ... (Debian/Ubuntu) or sudo dnf install ... (Fedora)``."""
    debian = sorted({XCB_LIBRARIES.get(library, (library, library))[0] for library in libraries})
    fedora = sorted({XCB_LIBRARIES.get(library, (library, library))[1] for library in libraries})
    return f"sudo apt install {' '.join(debian)} (Debian/Ubuntu) or sudo dnf install {' '.join(fedora)} (Fedora)"


def window_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    missing: Callable[[], list[str]] = missing_xcb_libraries,
) -> str | None:
    """One line saying why Qt could not open a window here, or None when it can."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if chosen in _HEADLESS:
        return None
    wayland = bool(environ.get("WAYLAND_DISPLAY")) and (
        chosen.startswith("wayland") or (not chosen and environ.get("XDG_SESSION_TYPE", "").lower() == "wayland")
    )
    if wayland:
        return None
    without = "resultsviewer tally, check, convert and export work without one"
    if not environ.get("DISPLAY"):
        return (
            "resultsviewer: cannot open the window: there is no display (DISPLAY is not set; run it on a desktop, "
            f"or over ssh -X); {without}"
        )
    libraries = missing()
    if libraries:
        listed = ", ".join(libraries)
        return (
            f"resultsviewer: cannot open the window: Qt's X11 platform needs {listed}, not installed; "
            f"install with: {install_commands(libraries)}; {without.replace('one', 'them')}"
        )
    return None


__all__ = ["XCB_LIBRARIES", "install_commands", "missing_xcb_libraries", "window_problem"]
