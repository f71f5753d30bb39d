"""Build the self-contained desktop app: ``python packaging/build.py``.

Needs nothing but the checkout and a Python 3.11 or newer. It makes its own venv
(build/packaging/venv), installs the pinned build tools (packaging/requirements-build.txt)
and the app from the checkout (with the pins of pyproject.toml), then runs PyInstaller on
the hand-kept packaging/resultsviewer.spec. The result is a one-folder app,
dist/resultsviewer/, whose executable ``resultsviewer`` opens the window when started
without arguments and answers the command line otherwise, on a machine with no Python.

On Windows the folder also holds ``resultsviewerw.exe`` (no console window) and on macOS
dist/Results Viewer.app is built next to it; see docs/packaging.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "resultsviewer.spec"
REQUIREMENTS = PACKAGING / "requirements-build.txt"
#: The app's dependencies at the versions the build was measured with (docs/packaging.md).
APP_CONSTRAINTS = PACKAGING / "app-constraints.txt"
WORK = ROOT / "build" / "packaging"
VENV = WORK / "venv"
DIST = ROOT / "dist"
APP_DIR = DIST / "resultsviewer"
MINIMUM_PYTHON = (3, 11)


def venv_python(venv_dir: Path = VENV) -> Path:
    """The interpreter of the build venv, on every platform."""
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def frozen_executable(app_dir: Path = APP_DIR) -> Path:
    """The executable of the built one-folder app."""
    return app_dir / ("resultsviewer.exe" if os.name == "nt" else "resultsviewer")


def _run(command: list[str | os.PathLike[str]], **kwargs: object) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)  # type: ignore[arg-type]


def make_venv(venv_dir: Path, fresh: bool) -> Path:
    """Create the build venv once; later builds reuse it (pip then has nothing to fetch)."""
    if fresh and venv_dir.exists():
        shutil.rmtree(venv_dir)
    python = venv_python(venv_dir)
    if not python.exists():
        print(f"creating the build venv {venv_dir.relative_to(ROOT)}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    return python


def install(python: Path) -> None:
    """The pinned build tools, then the app itself as users get it from ``pip install .``.

    The app is installed, not imported from the checkout, so that the freeze sees the
    package layout of an install: ``resultsviewer.resources`` exists only there (pyproject
    maps it from the top-level ``resources/``).
    """
    quiet = ["--quiet", "--disable-pip-version-check"]
    _run([python, "-m", "pip", "install", *quiet, "-r", REQUIREMENTS])
    # setuptools builds in ROOT/build/lib and never removes from it: a module deleted from
    # the sources would linger there and be frozen into the app.
    for stale in ROOT.glob("build/lib*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in ROOT.glob("build/bdist.*"):
        shutil.rmtree(stale, ignore_errors=True)
    # pip always rebuilds and reinstalls a project given as a local directory, even at the
    # same version, so the freeze sees the current sources; its dependencies stay as they are.
    _run([python, "-m", "pip", "install", *quiet, "--upgrade-strategy", "only-if-needed", "-c", APP_CONSTRAINTS, ROOT])


def freeze(python: Path, clean: bool) -> None:
    """Run PyInstaller on the spec, away from the checkout so it imports the installed app."""
    command: list[str | os.PathLike[str]] = [
        python, "-m", "PyInstaller", "--noconfirm",
        "--distpath", DIST, "--workpath", WORK / "pyinstaller", SPEC,
    ]
    if clean:
        command.insert(3, "--clean")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYQTGRAPH_QT_LIB"] = "PySide6"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")  # PyInstaller's Qt hooks start Qt to ask it for its paths
    _run(command, cwd=WORK, env=env)


def add_linux_desktop_files(app_dir: Path = APP_DIR) -> None:
    """Ship the install script, the desktop entry and the MIME type inside the app folder.

    Someone given only the folder can then run ``./install.sh`` in it to get the menu
    entry and the double-click on contest files (the icons are already inside, with the
    app's resources).
    """
    linux = PACKAGING / "linux"
    share = app_dir / "share"
    share.mkdir(exist_ok=True)
    shutil.copy2(linux / "resultsviewer.desktop", share / "resultsviewer.desktop")
    shutil.copy2(linux / "resultsviewer-mime.xml", share / "resultsviewer-mime.xml")
    shutil.copy2(linux / "install.sh", app_dir / "install.sh")


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink())


def smoke_test(executable: Path) -> str:
    """The frozen app must at least start and name its version."""
    result = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"{executable} --version failed ({result.returncode}):\n{result.stderr}")
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh-venv", action="store_true", help="recreate the build venv from nothing")
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache and analyse everything again")
    parser.add_argument("--no-install", action="store_true",
                        help="freeze what the build venv holds (the app as last installed)")
    options = parser.parse_args(argv)
    if sys.version_info < MINIMUM_PYTHON:
        raise SystemExit(f"Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer is needed, this is {sys.version.split()[0]}")

    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    python = make_venv(VENV, options.fresh_venv)
    if not options.no_install:
        install(python)
    installed = time.monotonic()
    freeze(python, options.clean)
    frozen = time.monotonic()
    if sys.platform.startswith("linux"):
        add_linux_desktop_files()

    executable = frozen_executable()
    version = smoke_test(executable)
    size = folder_size(APP_DIR)
    print(
        f"\nbuilt {executable.relative_to(ROOT)} ({version}): {size / 1e6:.0f} MB in {APP_DIR.relative_to(ROOT)}/;"
        f" install {installed - started:.0f} s, freeze {frozen - installed:.0f} s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
