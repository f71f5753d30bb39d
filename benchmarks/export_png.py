"""Time of one 1,600 x 1,000 px PNG export of the default contest, against matplotlib
(Agg) drawing the same grouped bar chart with value labels, in the same run.

    .venv/bin/pip install '.[bench]'      # matplotlib, for this benchmark only
    .venv/bin/python benchmarks/export_png.py [RUNS]

Both sides do the whole job from the contest to PNG bytes in memory: lay out a title,
a subtitle, the four groups (Overall and three sections) of two bars each, value labels
with thousands separators, a legend, axes and a source line, then encode the PNG.
Runs are interleaved, so a busy machine slows both alike; the best and the median of
each are printed with their ratio (below 1: our export is faster).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from timing import interleaved  # noqa: E402

from resultsviewer.core.bundled import default_contest  # noqa: E402
from resultsviewer.core.contest import Contest  # noqa: E402
from resultsviewer.core.describe import overall_shares  # noqa: E402


def ours(contest: Contest) -> bytes:
    from resultsviewer.gui.export import ExportOptions, export_bytes

    return export_bytes(contest, ExportOptions(width=1600, height=1000), "png")


def matplotlib_agg(contest: Contest) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    groups = ["Overall"] + [category.name for category in contest.categories]
    candidates = contest.candidate_count
    figure = Figure(figsize=(16, 10), dpi=100)  # 1,600 x 1,000 px
    axes = figure.add_axes((0.07, 0.12, 0.91, 0.72))
    width = 0.84 / candidates
    for candidate in range(candidates):
        values = [contest.candidate_total(candidate)] + [
            contest.count(category, candidate) or 0 for category in range(contest.category_count)
        ]
        positions = [group - 0.42 + (candidate + 0.5) * width for group in range(len(groups))]
        colour = contest.candidate(candidate).colour or "#0072b2"
        bars = axes.bar(positions, values, width * 0.9, color=colour, label=contest.candidate(candidate).name)
        axes.bar_label(bars, labels=[f"{value:,}" for value in values], padding=3, fontsize=13)
    axes.set_xticks(range(len(groups)), groups, fontsize=15)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.set_ylabel("Valid votes", fontsize=15)
    axes.axvspan(-0.5, 0.5, color="#eef1f5", zorder=-1)
    axes.legend(loc="upper right", fontsize=14, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.text(0.02, 0.95, contest.title, fontsize=26, weight="bold")
    figure.text(0.02, 0.91, f"Valid votes, overall and by category · {contest.date}", fontsize=16, color="#555555")
    figure.text(0.02, 0.02, f"Source: {contest.source}", fontsize=11, color="#555555", wrap=True)
    shares = overall_shares(contest)  # the same numbers ours reads, so both do the same arithmetic
    assert len(shares) == candidates
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("matplotlib is not installed: .venv/bin/pip install '.[bench]'", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (alive for the export)
    contest = default_contest()
    sizes = {"ours": len(ours(contest)), "matplotlib": len(matplotlib_agg(contest))}  # warm-up: imports, fonts
    timings = interleaved({"ours": lambda: ours(contest), "matplotlib": lambda: matplotlib_agg(contest)}, runs, warm_up=False)
    print(f"one 1600x1000 PNG of the default contest, {runs} interleaved runs each")
    for name, measured in timings.items():
        print(
            f"  {name:<11} best {measured.best * 1000:7.1f} ms   median {measured.median * 1000:7.1f} ms"
            f"   ({sizes[name] / 1024:.0f} KiB)"
        )
    best = timings["ours"].best / timings["matplotlib"].best
    median = timings["ours"].median / timings["matplotlib"].median
    print(f"  ratio ours/matplotlib: best {best:.2f}, median {median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
