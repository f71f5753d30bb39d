"""The desktop integration files: the .desktop entry, the MIME type, the icons, install.sh.

A broken entry or icon is invisible until a user looks for the app in the menu, so these
check what desktops check: desktop-file-validate, shared-mime-info's own database, and
pixel sizes.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "resultsviewer.desktop"
MIME_XML = LINUX / "resultsviewer-mime.xml"
INSTALL = LINUX / "install.sh"
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPE = "application/x-resultsviewer-contest"
SMI = "{http://www.freedesktop.org/standards/shared-mime-info}"


def read_desktop(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is absent (CI installs desktop-file-utils)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_desktop_entry_is_valid() -> None:
    validate(DESKTOP)


def test_desktop_entry_opens_contest_files_with_the_app() -> None:
    entry = read_desktop(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Results Viewer"
    assert entry["Icon"] == "resultsviewer"
    assert entry["Terminal"] == "false"
    assert entry["Exec"].split()[-1] == "%f", "the double-clicked file must reach `resultsviewer FILE`"
    mime_types = [kind for kind in entry["MimeType"].split(";") if kind]
    assert mime_types == [MIME_TYPE, "text/csv"]


def mime_type_element() -> ET.Element:
    root = ET.parse(MIME_XML).getroot()
    assert root.tag == f"{SMI}mime-info"
    types = root.findall(f"{SMI}mime-type")
    assert [element.get("type") for element in types] == [MIME_TYPE]
    return types[0]


def test_mime_type_declares_glob_parent_and_magic() -> None:
    element = mime_type_element()
    globs = element.findall(f"{SMI}glob")
    assert [glob.get("pattern") for glob in globs] == ["*.results.json"]
    assert int(globs[0].get("weight", "50")) > 50, "*.json (weight 50) must not win over our longer glob"
    assert [parent.get("type") for parent in element.findall(f"{SMI}sub-class-of")] == ["application/json"]
    matches = element.findall(f"{SMI}magic/{SMI}match")
    assert any("resultsviewer-contest" in match.get("value", "") for match in matches)
    # The magic must match the files we really write: the marker near the start of the file.
    head = (ROOT / "resources" / "labour-leadership-2016.results.json").read_bytes()[:256]
    assert b'"resultsviewer-contest"' in head
    assert element.findtext(f"{SMI}comment") == "Results Viewer contest"


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icon_has_its_size_and_is_drawn(size: int) -> None:
    from PySide6.QtGui import QImage

    path = ICONS / f"resultsviewer-{size}.png"
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable PNG"
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0, "the corners of the rounded square are transparent"
    centre = image.pixelColor(size // 2, size // 2)
    assert centre.alpha() == 255
    colours = {image.pixel(x, y) for x in range(size) for y in range(size)}
    assert len(colours) >= 4, "background, bars and baseline must all be there"


def test_png_icons_are_rendered_from_the_current_svg() -> None:
    """A changed SVG must be followed by `packaging/make_icons.py`: compare one size."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    from tempfile import TemporaryDirectory

    from PySide6.QtGui import QImage

    with TemporaryDirectory() as folder:
        (rendered,) = make_icons.render_pngs(make_icons.SOURCE, Path(folder), sizes=(48,))
        fresh = QImage(str(rendered)).convertToFormat(QImage.Format.Format_ARGB32)
    committed = QImage(str(ICONS / "resultsviewer-48.png")).convertToFormat(QImage.Format.Format_ARGB32)
    differences = [
        max(abs(a - b) for a, b in zip(fresh.pixelColor(x, y).getRgb(), committed.pixelColor(x, y).getRgb()))
        for x in range(48)
        for y in range(48)
    ]
    # Qt versions may antialias an edge pixel slightly differently; a changed drawing differs by far more.
    assert max(differences) <= 24 and sum(d > 4 for d in differences) < 48, "run packaging/make_icons.py"


def test_windows_ico_holds_every_size() -> None:
    data = (ICONS / "resultsviewer.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1), "not an ICO file"
    sizes = sorted((data[6 + 16 * index] or 256) for index in range(count))
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_macos_icns_holds_large_sizes() -> None:
    data = (ICONS / "resultsviewer.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    types = set()
    offset = 8
    while offset < len(data):
        kind, length = struct.unpack_from(">4sI", data, offset)
        types.add(kind)
        offset += length
    # ic09 = 512 px, ic08 = 256 px, ic07 = 128 px (PNG-encoded).
    assert {b"ic07", b"ic08", b"ic09"} <= types


def run_install(data: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(data.parent / "config"),  # xdg-mime writes mimeapps.list there
        "HOME": str(data.parent / "home"),
    }
    return subprocess.run(["sh", str(INSTALL), *arguments], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def fake_app(tmp_path: Path) -> Path:
    """An executable in a folder with a space in its name, as users' folders often have."""
    folder = tmp_path / "My Apps"
    folder.mkdir()
    executable = folder / "resultsviewer"
    executable.write_text("#!/bin/sh\nexit 0\n")
    executable.chmod(0o755)
    return executable


def test_install_script_installs_entry_icons_and_mime_type(tmp_path: Path, fake_app: Path) -> None:
    data = tmp_path / "data"
    result = run_install(data, str(fake_app))
    assert result.returncode == 0, result.stderr

    desktop = data / "applications" / "resultsviewer.desktop"
    entry = read_desktop(desktop)
    assert entry["Exec"] == f'"{fake_app}" %f'
    assert entry["TryExec"] == str(fake_app)
    validate(desktop)
    for size in PNG_SIZES:
        installed = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "resultsviewer.png"
        assert installed.read_bytes() == (ICONS / f"resultsviewer-{size}.png").read_bytes()
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes" / "application-x-resultsviewer-contest.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "resultsviewer.svg").is_file()
    assert (data / "mime" / "packages" / "resultsviewer.xml").read_bytes() == MIME_XML.read_bytes()

    if shutil.which("update-mime-database"):
        globs = (data / "mime" / "globs2").read_text()
        assert f"{MIME_TYPE}:*.results.json" in globs
    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text()
        assert f"{MIME_TYPE}=resultsviewer.desktop;" in cache

    result = run_install(data, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not desktop.exists()
    assert not (data / "mime" / "packages" / "resultsviewer.xml").exists()
    assert not list((data / "icons").rglob("resultsviewer.png"))


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info is absent")
def test_installed_mime_type_names_contest_files(tmp_path: Path, fake_app: Path) -> None:
    """What a file manager asks: the type of a *.results.json file, and of one renamed."""
    data = tmp_path / "data"
    assert run_install(data, str(fake_app)).returncode == 0
    contest = tmp_path / "Leadership 2016.results.json"
    shutil.copy(ROOT / "resources" / "labour-leadership-2016.results.json", contest)
    renamed = tmp_path / "contest-without-extension"
    shutil.copy(contest, renamed)
    plain = tmp_path / "other.json"
    plain.write_text('{"a": 1}')
    script = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "database = QMimeDatabase()\n"
        "for name in sys.argv[1:]:\n"
        "    kind = database.mimeTypeForFile(name)\n"
        "    print(kind.name(), kind.inherits('application/json'))\n"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(contest), str(renamed), str(plain)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{MIME_TYPE} True",
        f"{MIME_TYPE} True",  # by the magic alone
        "application/json True",
    ]


def test_install_script_refuses_a_missing_executable(tmp_path: Path) -> None:
    result = run_install(tmp_path / "data", str(tmp_path / "nowhere" / "resultsviewer"))
    assert result.returncode != 0
    assert "not an executable file" in result.stderr
    assert not (tmp_path / "data" / "applications" / "resultsviewer.desktop").exists()
