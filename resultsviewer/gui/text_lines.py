"""Breaking a heading into lines between words: greedy, or balanced.

Qt's word wrap fills each line as far as it goes, so a title a little too long for one
line leaves its last word alone under it ("… SANTA FE COUNCIL" over "4"). A heading
breaks better into lines of about equal length: the fewest lines greedy wrapping needs,
at the narrowest width that still needs no more (as CSS's ``text-wrap: balance``).
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF


def words_in_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` where its words allow,
    each filled as far as it goes; a word is never cut (one wider than ``width`` stands
    alone on its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def balanced_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``text`` in as few lines as greedy wrapping at ``width`` takes, of about equal length:
    no short word left alone on the last line where the words allow otherwise."""
    lines = words_in_lines(text, metrics, width)
    if len(lines) <= 1:
        return lines
    words = text.split()
    low = max(metrics.horizontalAdvance(word) for word in words)
    if low >= width:
        return lines  # a word as wide as the line: nothing to balance
    high = width
    # The narrowest width with no more lines: its greedy lines are the balanced ones.
    for _ in range(24):
        middle = (low + high) / 2
        if len(words_in_lines(text, metrics, middle)) <= len(lines):
            high = middle
        else:
            low = middle
        if high - low < 0.5:
            break
    return words_in_lines(text, metrics, high)


__all__ = ["balanced_lines", "words_in_lines"]
