"""Turning a file's bytes into text, with a clear message when they are not text."""

from __future__ import annotations

from ..errors import LoadError
from .limits import MAX_FILE_BYTES

__all__ = ["BOM", "MAX_FILE_BYTES", "decode_text", "not_utf8"]


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 with or without a byte-order mark; anything else is refused with its place."""
    if not data or data.isspace():  # as ``not data.strip()``, without copying the file
        raise LoadError(source, "the file is empty")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise LoadError(source, "the file is UTF-32 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(source, "the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)")
    head = data[:65536]
    if b"\x00" in head:
        if _looks_like_utf16(head):
            raise LoadError(
                source, "the file is UTF-16 text (without a byte-order mark); save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
            )
        offset = head.index(b"\x00")
        raise LoadError(source, f"this is a binary file, not text (a zero byte at offset {offset})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The codec counts from after a byte-order mark.
        raise not_utf8(data, error.start + 3 * data.startswith(BOM), source) from None
    if "\x00" in text:
        raise LoadError(source, "this is a binary file, not text (it holds zero bytes)")
    return text


def _looks_like_utf16(head: bytes) -> bool:
    """Mostly-Latin text in UTF-16: every other byte is zero, the bytes between are not."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    for zeros, text in ((odd, even), (even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and text.count(0) <= 0.1 * len(text):
            return True
    return False


BOM = b"\xef\xbb\xbf"


def not_utf8(data: bytes, start: int, source: str, offset: int = 0, lines_before: int = 0, line_start: int = 0) -> LoadError:
    """The refusal of a byte that is not UTF-8 at ``data[start]``, with its line and column.

    For a file read in blocks, ``data`` is a block starting at ``offset`` in the file, after
    ``lines_before`` line feeds, the last of which ends at ``line_start`` (the file offset
    of the line after it).
    """
    newlines = data.count(b"\n", 0, start)
    line = lines_before + newlines + 1
    last = data.rfind(b"\n", 0, start)
    column = start - last if last >= 0 else offset + start - line_start + 1
    return LoadError(
        source,
        f"byte 0x{data[start]:02x} is not UTF-8 text; save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        f"line {line}, column {column}",
    )
