"""The frozen desktop app, built by packaging/build.py, run as a user without Python would.

Slow (a build takes about a minute on two cores with a warm pip cache): marked ``frozen``,
left out of the README's test command and run by .ci/run as a step of its own on every
submission (``pytest -m frozen -n 0 tests/packaging/test_frozen_app.py``):
pyqtgraph and PySide6 have broken under PyInstaller before (pyqtgraph #2934, #2234, #3171),
and only running the frozen executable shows it. A dist/ newer than every source it was
built from is reused, so a second run costs seconds.

Every frozen run gets an environment with no Python in it: no PYTHONPATH, PYTHONHOME or
VIRTUAL_ENV, and a PATH without the venv, so nothing can be borrowed from the checkout.
"""

from __future__ import annotations

import csv
import json
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resultsviewer import __version__

pytestmark = [pytest.mark.slow, pytest.mark.frozen]

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "dist" / "resultsviewer"
EXECUTABLE = APP_DIR / ("resultsviewer.exe" if os.name == "nt" else "resultsviewer")
RESOURCES = ROOT / "resources"
DEFAULT_CONTEST = RESOURCES / "labour-leadership-2016.results.json"
BUILD_TIMEOUT = 1800
#: What the freeze is made from: a dist/ older than any of these is rebuilt.
SOURCES = ("resultsviewer", "resources", "packaging", "pyproject.toml")


def newest_source_time() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            if "__pycache__" in file.parts or file.suffix in (".pyc", ".pyo"):
                continue
            newest = max(newest, file.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def frozen_app() -> Path:
    """dist/resultsviewer/resultsviewer, built now unless a build newer than the sources exists."""
    if EXECUTABLE.is_file() and EXECUTABLE.stat().st_mtime > newest_source_time():
        return EXECUTABLE
    log = ROOT / "build" / "packaging" / "test-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("w") as output:
        result = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "build.py")],
            stdout=output, stderr=subprocess.STDOUT, timeout=BUILD_TIMEOUT, cwd=ROOT,
        )
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
    assert result.returncode == 0, f"packaging/build.py failed (full log {log}):\n{tail}"
    print(f"built the frozen app in {time.monotonic() - started:.0f} s")
    assert EXECUTABLE.is_file()
    return EXECUTABLE


def python_free_environment(home: Path) -> dict[str, str]:
    """The user's environment minus every trace of a Python: no paths, no venv on PATH."""
    venv = Path(sys.prefix).resolve()
    path = [
        entry for entry in os.environ.get("PATH", "").split(os.pathsep)
        if entry and not Path(entry).resolve().is_relative_to(venv) and "pyenv" not in entry
    ]
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith("PYTHON") and key not in ("VIRTUAL_ENV", "PYENV_VERSION", "PYENV_ROOT")
    }
    env["PATH"] = os.pathsep.join(path)
    env["HOME"] = str(home)  # QSettings and recent files of the test stay in the test
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYQTGRAPH_QT_LIB", None)  # the frozen app must choose PySide6 by itself
    return env


def run_frozen(app: Path, *arguments: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(app), *arguments],
        capture_output=True, text=True, timeout=timeout, cwd=home, env=python_free_environment(home),
    )


def run_source(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resultsviewer", *arguments], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_environment_holds_no_python(tmp_path: Path) -> None:
    env = python_free_environment(tmp_path)
    assert not any(key in env for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"))
    assert str(Path(sys.prefix).resolve()) not in env["PATH"]


def test_frozen_version(frozen_app: Path, tmp_path: Path) -> None:
    result = run_frozen(frozen_app, "--version", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"resultsviewer {__version__}"


def test_frozen_tally_of_the_default_contest_equals_the_source_apps(frozen_app: Path, tmp_path: Path) -> None:
    frozen = run_frozen(frozen_app, "tally", "--json", home=tmp_path)
    assert frozen.returncode == 0, frozen.stderr
    source = run_source("tally", "--json")
    assert source.returncode == 0, source.stderr
    tally = json.loads(frozen.stdout)
    assert tally == json.loads(source.stdout)
    assert "Jeremy Corbyn" in frozen.stdout


def frozen_module_names(app: Path) -> set[str]:
    """The Python modules frozen into the app: the table of contents of PyInstaller's PYZ archive.

    The archive sits inside the executable: b"PYZ\\0", the magic number of the Python that
    built it (the tests' own Python: the build venv is made from it), the offset of its
    table of contents from the archive's start (4 bytes, big-endian), and at that offset a
    marshalled list of (module name, entry) pairs.
    """
    import importlib.util
    import marshal

    data = app.read_bytes()
    start = data.find(b"PYZ\0" + importlib.util.MAGIC_NUMBER)
    assert start >= 0, f"no PYZ archive of this Python ({sys.version.split()[0]}) in {app}"
    (toc_offset,) = struct.unpack_from("!i", data, start + 8)
    return {name for name, _ in marshal.loads(data[start + toc_offset:])}


def test_frozen_tally_of_a_large_long_file_without_duckdb(frozen_app: Path, tmp_path: Path) -> None:
    """DuckDB is left out of the frozen app (69 MB; docs/packaging.md): a long file over the
    engine's threshold, which a pip install tallies with DuckDB, is read by the Python reader,
    and its figures are still right: each one is computed here with the csv module."""
    from resultsviewer.core.formats import long_engine

    assert not any(path.name.startswith(("_duckdb", "duckdb")) for path in (APP_DIR / "_internal").rglob("*")), (
        "DuckDB's files are in the app"
    )
    modules = frozen_module_names(frozen_app)
    assert "resultsviewer.core.formats.long_engine" in modules, "the archive's table of contents was not read"
    assert not {name for name in modules if name.split(".")[0] in ("duckdb", "_duckdb")}, "DuckDB is frozen in"

    path = tmp_path / "xx_2024_general_precinct.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("county,precinct,office,district,party,candidate,votes\n")
        row = 0
        while out.tell() < long_engine.ENGINE_MIN_BYTES + 2**20:
            out.write("".join(
                f"County {row % 7},PCT {row},President,,{party},{name},{'*' if row % 97 == 0 else (row * step) % 500}\n"
                for party, name, step in (("DEM", "Ann Able", 1), ("REP", "Bob Baker", 3))
            ))
            # Another office in the same file: the tally of President must leave it out.
            out.write(f"County {row % 7},PCT {row},Governor,,DEM,Cy Cole,{row % 11}\n")
            row += 1
    assert path.stat().st_size >= long_engine.ENGINE_MIN_BYTES, "the file must be one a pip install gives to DuckDB"
    # The expected figures, from the csv module: votes by candidate and by county, the
    # withheld ("*") values and the counties they leave as lower bounds.
    by_candidate: dict[str, int] = {}
    by_county: dict[str, int] = {}
    withheld = 0
    withheld_counties = set()
    with open(path, encoding="utf-8", newline="") as rows:
        for record in csv.DictReader(rows):
            if record["office"] != "President":
                continue
            by_candidate.setdefault(record["candidate"], 0)
            by_county.setdefault(record["county"], 0)
            if record["votes"] == "*":
                withheld += 1
                withheld_counties.add(record["county"])
                continue
            by_candidate[record["candidate"]] += int(record["votes"])
            by_county[record["county"]] += int(record["votes"])

    result = run_frozen(frozen_app, "tally", str(path), "--contest", "President", "--by", "county", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "values are withheld" in result.stderr
    tally = json.loads(result.stdout)
    assert {candidate["name"]: candidate["votes"] for candidate in tally["candidates"]} == {
        name: {"value": votes, "lower_bound": True} for name, votes in by_candidate.items()
    }
    assert {category["name"]: category["votes"] for category in tally["categories"]} == {
        county: {"value": votes, "lower_bound": True} if county in withheld_counties else votes
        for county, votes in by_county.items()
    }
    assert tally["total_votes"] == {"value": sum(by_candidate.values()), "lower_bound": True}
    assert tally["withheld_values"] == withheld > 0
    # Counts withheld: the most known votes leads, it does not win.
    assert tally["leader"] == max(by_candidate, key=by_candidate.__getitem__) and tally["winner"] is None


def test_frozen_check_and_convert(frozen_app: Path, tmp_path: Path) -> None:
    example = next((RESOURCES / "examples").glob("*.results.json"))
    checked = run_frozen(frozen_app, "check", str(example), home=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "OK" in checked.stdout

    frozen_csv = tmp_path / "frozen.csv"
    source_csv = tmp_path / "source.csv"
    # The spreadsheet CSV cannot hold the title, electorate and declared shares: both refuse
    # alike without --allow-loss, and write the same file with it.
    refused = run_frozen(frozen_app, "convert", str(DEFAULT_CONTEST), str(frozen_csv), home=tmp_path)
    assert refused.returncode == 1 and "--allow-loss" in refused.stderr and not frozen_csv.exists()
    converted = run_frozen(frozen_app, "convert", "--allow-loss", str(DEFAULT_CONTEST), str(frozen_csv), home=tmp_path)
    assert converted.returncode == 0, converted.stderr
    assert run_source("convert", "--allow-loss", str(DEFAULT_CONTEST), str(source_csv)).returncode == 0
    assert frozen_csv.read_bytes() == source_csv.read_bytes()


def test_frozen_bad_file_is_a_message_not_a_traceback(frozen_app: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.results.json"
    broken.write_text('{"format": "resultsviewer-contest", "version": 1, "candidates": [')
    result = run_frozen(frozen_app, "check", str(broken), home=tmp_path)
    assert result.returncode != 0
    assert "broken.results.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_resource_is_inside_the_app(frozen_app: Path) -> None:
    """The default contest, the examples, the icons, the schema: all read from the resources package's folder."""
    frozen_resources = APP_DIR / "_internal" / "resultsviewer" / "resources"
    shipped = {
        path.relative_to(RESOURCES).as_posix()
        for path in RESOURCES.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    frozen = {path.relative_to(frozen_resources).as_posix() for path in frozen_resources.rglob("*") if path.is_file()}
    assert shipped, "resources/ holds nothing?"
    assert shipped <= frozen, f"missing from the app: {sorted(shipped - frozen)}"


def test_unused_qt_and_python_parts_are_left_out(frozen_app: Path) -> None:
    """Lean: the excluded Qt modules and stdlib packages must not creep back in."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the file names checked are those of a Linux build")
    internal = APP_DIR / "_internal"
    names = {path.name for path in internal.rglob("*")}
    unwanted_files = (
        "libQt6Qml.so.6", "libQt6Quick.so.6", "QtQml.abi3.so", "QtNetwork.abi3.so", "libQt6Network.so.6",
        "libqgtk3.so", "libqjpeg.so", "libqtiff.so", "libqwebp.so", "libqtuiotouchplugin.so",
        # OpenSSL and Kerberos: no network in the app (ssl and _hashlib excluded, QtNetwork gone).
        "libcrypto.so.3", "libssl.so.3", "libkrb5.so.3", "libgssapi_krb5.so.2", "libreadline.so.8",
        # pyqtgraph's OpenGL drawing, never turned on: a stand-in module takes its place.
        "QtOpenGL.abi3.so",
    )
    for unwanted in unwanted_files:
        assert unwanted not in names, f"{unwanted} is in the app"
    assert not (internal / "tkinter").exists()
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
    assert not (internal / "PySide6" / "Qt" / "plugins" / "generic").exists()
    # What the window and the export do need stays.
    for needed in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqsvg.so", "libqsvgicon.so",
                   "QtSvg.abi3.so", "QtOpenGLWidgets.abi3.so"):
        assert needed in names, f"{needed} is missing from the app"
    # hashlib without OpenSSL: the export's SHA-256 comes from Python's own module.
    assert any(name.startswith("_sha256.") for name in names), "_sha256 is missing: hashlib has no SHA-256"
    size = sum(path.stat().st_size for path in APP_DIR.rglob("*") if path.is_file() and not path.is_symlink())
    # Issue 16: under 150 MB (146.5 MB without DuckDB and QtOpenGL, with the smaller ICU data; docs/packaging.md).
    assert size < 150e6, f"the app folder grew to {size / 1e6:.0f} MB"


def test_frozen_icu_data_is_the_smaller_one_and_answers_qt_alike(frozen_app: Path, tmp_path: Path) -> None:
    """The app ships packaging/icu_data.py's ICU data library, not the wheel's 32 MB one, and Qt
    answers with that very file as with the wheel's (collation, codecs, case, time zones)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PySide6 bundles ICU on Linux only")
    import shutil

    from .test_icu_data import assert_qt_answers_alike, wheel_icu_data

    shipped = APP_DIR / "_internal" / "PySide6" / "Qt" / "lib" / wheel_icu_data().name
    assert shipped.is_file(), f"{shipped.name} is not in the app"
    if shutil.which("as") is None or shutil.which("ld") is None:
        pytest.skip("no as/ld (binutils): the build kept the full ICU data library")
    assert shipped.stat().st_size < wheel_icu_data().stat().st_size / 2, "the app holds the full ICU data library"
    copy = tmp_path / "lib" / shipped.name
    copy.parent.mkdir()
    shutil.copy2(shipped, copy)
    assert_qt_answers_alike(copy, tmp_path)


def test_frozen_app_with_names_beyond_ascii(frozen_app: Path, tmp_path: Path) -> None:
    """A file whose folder, name, candidates and categories are not ASCII: tallied as the
    source app tallies it, and its chart drawn with every name as text."""
    names = {"Jeremy Corbyn": "Łucja Ørsted-Çelik", "Owen Smith": "東京 Ñúñez Ωμέγα", "Members": "Mitglieder (Ä/ß)"}
    text = DEFAULT_CONTEST.read_text(encoding="utf-8")
    for old, new in names.items():
        text = text.replace(old, new)
    folder = tmp_path / "Résultats 選挙"
    folder.mkdir()
    contest = folder / "Ålesund – Zürich.results.json"
    contest.write_text(text, encoding="utf-8")

    frozen = run_frozen(frozen_app, "tally", str(contest), "--json", home=tmp_path)
    assert frozen.returncode == 0, frozen.stderr
    source = run_source("tally", str(contest), "--json")
    assert source.returncode == 0, source.stderr
    tally = json.loads(frozen.stdout)
    assert tally == json.loads(source.stdout)
    assert [candidate["name"] for candidate in tally["candidates"]] == [names["Jeremy Corbyn"], names["Owen Smith"]]
    assert tally["categories"][0]["name"] == names["Members"]

    require_export_command(frozen_app, tmp_path)
    svg = folder / "Diagramm – 図.svg"
    result = run_frozen(frozen_app, "export", str(contest), "-o", str(svg), home=tmp_path)
    assert result.returncode == 0, result.stderr
    import xml.etree.ElementTree as ET

    drawn = " ".join(ET.parse(svg).getroot().itertext())
    assert names["Jeremy Corbyn"] in drawn and names["Owen Smith"] in drawn


def require_export_command(app: Path, home: Path) -> None:
    """Skip, naming the missing command, while `resultsviewer export` is not written yet."""
    result = run_frozen(app, "export", "--help", home=home)
    # Without the subcommand, `export` is taken for the window's FILE and --help shows the
    # top-level usage: only the subcommand's own usage line says it exists.
    if result.returncode != 0 or "usage: resultsviewer export" not in result.stdout:
        pytest.skip(
            "`resultsviewer export` does not exist yet: 'export' is not in resultsviewer.commands.COMMANDS "
            f"of the frozen app (its `export --help` printed {result.stdout.strip().splitlines()[:1]})"
        )


def read_image(path: Path):
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable image"
    return image.convertToFormat(QImage.Format.Format_RGB32)


def test_frozen_headless_png_export_of_the_default_contest(frozen_app: Path, tmp_path: Path) -> None:
    require_export_command(frozen_app, tmp_path)
    output = tmp_path / "chart.png"
    result = run_frozen(
        frozen_app, "export", str(DEFAULT_CONTEST), "-o", str(output), "--width", "1200", "--height", "800",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    image = read_image(output)
    assert (image.width(), image.height()) == (1200, 800)
    # Not blank: a light background with bars, labels and a legend drawn on it.
    step = 4
    pixels = [image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)]
    background = max(set(pixels), key=pixels.count)
    drawn = sum(pixel != background for pixel in pixels) / len(pixels)
    assert 0.03 < drawn < 0.9, f"{drawn:.1%} of the image differs from its background"
    assert len(set(pixels)) > 20, "text and bars give many colours; a blank or flat image does not"
    from PySide6.QtGui import QColor

    assert QColor(background).lightness() > 200, "the print theme is light, not pyqtgraph's black"


def test_frozen_vector_exports(frozen_app: Path, tmp_path: Path) -> None:
    """SVG and PDF need QtSvg and Qt's PDF writer inside the app."""
    require_export_command(frozen_app, tmp_path)
    svg = tmp_path / "chart.svg"
    pdf = tmp_path / "chart.pdf"
    for output in (svg, pdf):
        result = run_frozen(frozen_app, "export", str(DEFAULT_CONTEST), "-o", str(output), home=tmp_path)
        assert result.returncode == 0, result.stderr
    import xml.etree.ElementTree as ET

    text = " ".join(ET.parse(svg).getroot().itertext())
    assert "Jeremy Corbyn" in text and "Owen Smith" in text
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_frozen_window_opens_a_file_and_keeps_running(frozen_app: Path, tmp_path: Path) -> None:
    """What a double-click on a contest file does: `resultsviewer FILE`, the window stays open.

    Offscreen nothing can be clicked, so the test asks the only thing it can of a window
    program: that it starts, imports everything it needs (pyqtgraph's dynamic imports
    included) and is still running, without a traceback, several seconds later.
    """
    if not (ROOT / "resultsviewer" / "gui" / "app.py").is_file():
        pytest.skip("the window is not written yet: resultsviewer/gui/app.py (run_app) is absent from the sources")
    contest = tmp_path / "Leadership 2016.results.json"
    contest.write_bytes(DEFAULT_CONTEST.read_bytes())
    process = subprocess.Popen(
        [str(frozen_app), str(contest)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path, env=python_free_environment(tmp_path),
    )
    try:
        exited = process.wait(timeout=8)
    except subprocess.TimeoutExpired:
        exited = None
    finally:
        if process.poll() is None:
            process.terminate()
        stdout, stderr = process.communicate(timeout=30)
    assert exited is None, f"the window program exited with {exited}:\n{stderr}"
    assert "Traceback" not in stderr, stderr


@pytest.fixture
def x_display(tmp_path: Path):
    """A private Xvfb display (":N"), for what offscreen cannot show: the xcb platform plugin."""
    import shutil

    if not sys.platform.startswith("linux") or shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.skip("no Xvfb or xwininfo on this machine (Debian packages xvfb, x11-utils)")
    # -displayfd: Xvfb picks a free display number itself and writes it to the pipe.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as numbers:
            number = numbers.readline().strip()
        assert number.isdigit(), "Xvfb did not say which display it took"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_frozen_window_starts_under_x11(frozen_app: Path, tmp_path: Path, x_display: str) -> None:
    """The xcb platform plugin and the libxcb-* libraries it needs are inside the app.

    Qt 6.5+ needs libxcb-cursor0, which many desktops lack; the app must bring it. The
    system keeps libxcb.so.1, libX11 and libGL, which every X11 desktop has.
    """
    internal = APP_DIR / "_internal"
    bundled = {path.name for path in internal.iterdir()}
    for library in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"):
        assert library in bundled, f"{library} is not in the app: install it where the app is built (see docs/packaging.md)"

    env = python_free_environment(tmp_path)
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=x_display, QT_DEBUG_PLUGINS="1")
    process = subprocess.Popen(
        [str(frozen_app), str(DEFAULT_CONTEST)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path, env=env,
    )
    try:
        shown = False
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree", "-display", x_display], capture_output=True, text=True,
            ).stdout
            if DEFAULT_CONTEST.name in tree:  # the main window's title names the file it opened
                shown = True
                break
            time.sleep(0.2)
        exited = process.poll()
    finally:
        if process.poll() is None:
            process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert exited is None, f"the window program exited with {exited} under X11:\n{stderr[-3000:]}"
    assert shown, f"no Results Viewer window on {x_display} after 20 s:\n{stderr[-3000:]}"
    assert "Could not load the Qt platform plugin" not in stderr, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]

