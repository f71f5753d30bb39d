"""Measure the built app against the source app: ``python packaging/measure.py``.

What a user waits for, in wall-clock seconds, the median of several runs after one warm-up
run (so both sides read their files from the page cache, as on a second start):

- ``--version`` and ``tally`` of the default contest: the command line ready;
- ``export`` of the default contest to PNG: Qt, pyqtgraph and the chart loaded, offscreen;
- the window on the default contest under Xvfb, until it is drawn on the X screen: the
  root window is read with ImageMagick's ``import`` until the chart's red bars show, so
  nothing inside either app is instrumented.

The frozen app runs with an environment that holds no Python (as in
tests/packaging/test_frozen_app.py); the source app is the venv's ``resultsviewer`` script.
Also prints the folder's size and its biggest parts. Linux only (Xvfb and ImageMagick
for the window; the rest anywhere).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_DIR = ROOT / "dist" / "resultsviewer"
FROZEN = APP_DIR / "resultsviewer"
DEFAULT_CONTEST = ROOT / "resources" / "labour-leadership-2016.results.json"
SCREEN = (1280, 800)


def frozen_environment(home: Path) -> dict[str, str]:
    """The environment of a user without Python: no PYTHON*, no venv on PATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    for key in ("VIRTUAL_ENV", "PYQTGRAPH_QT_LIB"):
        env.pop(key, None)
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    return env


def source_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["PYQTGRAPH_QT_LIB"] = "PySide6"
    return env


def median_seconds(run: Callable[[], None], repeats: int) -> float:
    run()  # warm-up: page cache, font cache, Python's bytecode cache
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def command_runner(executable: list[str], arguments: list[str], env: dict[str, str], cwd: Path) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(executable + arguments, env=env, cwd=cwd, check=True, capture_output=True, timeout=120)
    return run


def red_bars_on_screen(display: str) -> bool:
    """Whether the X screen shows the chart's red bars (the default contest's first candidate).

    ImageMagick's ``import`` reads the root window as raw RGB in about 0.07 s, which bounds
    how finely the first paint is timed.
    """
    dump = subprocess.run(
        ["import", "-display", display, "-window", "root", "-depth", "8", "rgb:-"], capture_output=True, check=True,
    ).stdout
    width, height = SCREEN
    red = 0
    for y in range(0, height, 4):
        row = dump[y * width * 3:(y + 1) * width * 3]
        for x in range(0, width * 3, 12):
            r, green, blue = row[x], row[x + 1], row[x + 2]
            if r > 180 and green < 80 and blue < 80:
                red += 1
                if red > 300:
                    return True
    return False


def window_runner(executable: list[str], env: dict[str, str], cwd: Path, display: str) -> Callable[[], None]:
    """Start the window on the default contest and wait until its chart is on the screen."""
    def run() -> None:
        process = subprocess.Popen(
            executable + [str(DEFAULT_CONTEST)], env={**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while not red_bars_on_screen(display):
                if process.poll() is not None:
                    raise SystemExit(f"{executable} exited with {process.returncode}: {process.stderr.read().decode()}")
                if time.monotonic() > deadline:
                    raise SystemExit(f"{executable}: no chart on the screen after 60 s")
                time.sleep(0.005)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return run


def start_xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    """A private Xvfb and its display (":N"): Xvfb picks a free number itself (-displayfd),
    so that other work on the machine running its own X servers is not in the way."""
    if not all(shutil.which(tool) for tool in ("Xvfb", "import")):
        print("no Xvfb or ImageMagick's import: the window is not timed")
        return None
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    if not number.isdigit():
        server.terminate()
        raise SystemExit("Xvfb did not start")
    return server, f":{number}"


def biggest_parts(app_dir: Path, count: int) -> list[tuple[int, str]]:
    files = [path for path in app_dir.rglob("*") if path.is_file() and not path.is_symlink()]
    return sorted(((path.stat().st_size, str(path.relative_to(app_dir))) for path in files), reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--source", default=str(Path(sys.executable).parent / "resultsviewer"),
                        help="the source app's script (default: resultsviewer next to this Python)")
    options = parser.parse_args(argv)
    if not FROZEN.is_file():
        raise SystemExit(f"{FROZEN} does not exist: build it first (python packaging/build.py)")

    size = sum(path.stat().st_size for path in APP_DIR.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"{APP_DIR.relative_to(ROOT)}: {size / 1e6:.0f} MB; biggest files:")
    for part_size, name in biggest_parts(APP_DIR, 12):
        print(f"  {part_size / 1e6:6.1f} MB  {name}")

    with tempfile.TemporaryDirectory() as home_name:
        home = Path(home_name)
        sides = {
            "frozen": ([str(FROZEN)], frozen_environment(home)),
            "source": ([options.source], source_environment(home)),
        }
        commands = {
            "--version": ["--version"],
            "tally": ["tally", str(DEFAULT_CONTEST)],
            "export PNG": ["export", str(DEFAULT_CONTEST), "-o", str(home / "chart.png")],
        }
        results: dict[str, dict[str, float]] = {}
        for label, arguments in commands.items():
            results[label] = {}
            for side, (executable, env) in sides.items():
                env = {**env, "QT_QPA_PLATFORM": "offscreen"}
                results[label][side] = median_seconds(command_runner(executable, arguments, env, home), options.repeats)
        started = start_xvfb()
        if started is not None:
            server, display = started
            try:
                label = "window drawn (Xvfb)"
                results[label] = {
                    side: median_seconds(window_runner(executable, env, home, display), options.repeats)
                    for side, (executable, env) in sides.items()
                }
            finally:
                server.terminate()
                server.wait(timeout=30)

    print(f"\nmedian of {options.repeats} runs after a warm-up, seconds")
    print(f"{'':24} {'frozen':>8} {'source':>8}")
    for label, by_side in results.items():
        print(f"{label:24} {by_side['frozen']:8.2f} {by_side['source']:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
