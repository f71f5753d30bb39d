"""Turning a file's bytes into text, with a clear message when they are not text."""

from __future__ import annotations

from ..errors import LoadError

#: Files larger than this are refused before they are read: real results files are tens
#: of MB at most, and a hostile one must not eat the machine's memory.
MAX_FILE_BYTES = 256 * 1024 * 1024


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 with or without a byte-order mark; anything else is refused with its place."""
    if not data.strip():
        raise LoadError(source, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(source, "the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)")
    head = data[:65536]
    if b"\x00" in head:
        offset = head.index(b"\x00")
        raise LoadError(source, f"this is a binary file, not text (a zero byte at offset {offset})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadError(
            source,
            f"byte 0x{data[error.start]:02x} is not UTF-8 text; save the file as UTF-8 "
            "(it may be Latin-1 or Windows-1252)",
            f"line {line}, column {column}",
        ) from None
    if "\x00" in text:
        raise LoadError(source, "this is a binary file, not text (it holds zero bytes)")
    return text
