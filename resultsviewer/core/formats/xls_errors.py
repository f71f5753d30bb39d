"""The error cells of an old Excel (.xls, BIFF8) sheet, which calamine reads as empty.

python-calamine gives a formula's error value (``#DIV/0!``) as an empty cell, which a
wide import would read as 0 votes. For .xlsx the reader finds them in the sheet's XML;
this module does the same for .xls: it follows the compound file's sector chains to the
``Workbook`` stream, finds the sheet by its BOUNDSHEET record and reads two record
types: BOOLERR (a typed error value) and FORMULA (whose cached result may be an error).
Nothing else of the file is interpreted. Every chain and loop is bounded by the file's
size, so a damaged or hostile file ends the scan, never the app.
"""

from __future__ import annotations

import struct

#: BIFF error codes and the text a spreadsheet shows for them.
ERROR_TEXT = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_BOF, _EOF, _BOUNDSHEET, _FORMULA, _BOOLERR = 0x0809, 0x000A, 0x0085, 0x0006, 0x0205


def _chain(fat: list[int], start: int, limit: int) -> list[int]:
    sectors: list[int] = []
    sector = start
    while sector not in (_END_OF_CHAIN, _FREE) and len(sectors) < limit:
        if sector >= len(fat):
            break
        sectors.append(sector)
        sector = fat[sector]
    return sectors


def _workbook_stream(data: bytes) -> bytes | None:
    """The ``Workbook`` (BIFF8) stream of a compound file, or None if there is none to read."""
    if len(data) < 512 or not data.startswith(_MAGIC):
        return None
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    if sector_size not in (512, 4096):
        return None
    count = (len(data) - 512) // sector_size

    def sector(number: int) -> bytes:
        offset = 512 + number * sector_size
        return data[offset: offset + sector_size]

    fat_count, directory_start = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
    difat_start, difat_count = struct.unpack_from("<I", data, 68)[0], struct.unpack_from("<I", data, 72)[0]
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s not in (_FREE, _END_OF_CHAIN)]
    next_difat = difat_start
    for _ in range(min(difat_count, count)):
        if next_difat in (_FREE, _END_OF_CHAIN) or next_difat >= count:
            break
        words = struct.unpack(f"<{sector_size // 4}I", sector(next_difat))
        fat_sectors += [s for s in words[:-1] if s not in (_FREE, _END_OF_CHAIN)]
        next_difat = words[-1]
    fat: list[int] = []
    for number in fat_sectors[: min(fat_count, count)]:
        if number < count:
            fat += struct.unpack(f"<{sector_size // 4}I", sector(number))
    directory = b"".join(sector(s) for s in _chain(fat, directory_start, count))
    cutoff = struct.unpack_from("<I", data, 56)[0]
    mini_fat_start, mini_fat_count = struct.unpack_from("<I", data, 60)[0], struct.unpack_from("<I", data, 64)[0]
    root_start = struct.unpack_from("<I", directory, 116)[0] if len(directory) >= 128 else _END_OF_CHAIN
    for offset in range(0, len(directory) - 127, 128):
        name_length = struct.unpack_from("<H", directory, offset + 64)[0]
        name = directory[offset: offset + max(0, min(name_length, 64) - 2)].decode("utf-16-le", "replace")
        if name in ("Workbook", "Book") and directory[offset + 66] == 2:  # a stream
            start, size = struct.unpack_from("<I", directory, offset + 116)[0], struct.unpack_from("<I", directory, offset + 120)[0]
            if size >= cutoff:
                return b"".join(sector(s) for s in _chain(fat, start, count))[:size]
            # A small stream lives in the mini stream (64-byte sectors inside the root's stream).
            mini_stream = b"".join(sector(s) for s in _chain(fat, root_start, count))
            mini_fat_bytes = b"".join(sector(s) for s in _chain(fat, mini_fat_start, min(mini_fat_count, count)))
            mini_fat = list(struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes[: len(mini_fat_bytes) // 4 * 4]))
            pieces = _chain(mini_fat, start, len(mini_stream) // 64 + 1)
            return b"".join(mini_stream[s * 64: s * 64 + 64] for s in pieces)[:size]
    return None


def error_cells(data: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, column) -> ``#DIV/0!`` for the error cells of the named sheet of an .xls file."""
    stream = _workbook_stream(data)
    if stream is None:
        return {}
    # The globals: each sheet's name and where its records start.
    position = 0
    offsets: dict[str, int] = {}
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4: position + 4 + length]
        if kind == _BOUNDSHEET and len(body) >= 8:
            start = struct.unpack_from("<I", body, 0)[0]
            characters, flags = body[6], body[7] if len(body) > 7 else 0
            raw = body[8:]
            name = raw[: characters * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:characters].decode("latin-1")
            offsets[name] = start
        elif kind == _EOF:
            break
        position += 4 + length
    start = offsets.get(sheet_name)
    if start is None or start >= len(stream):
        return {}
    errors: dict[tuple[int, int], str] = {}
    position = start
    depth = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4: position + 4 + length]
        if kind == _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
            row, column = struct.unpack_from("<HH", body, 0)
            errors[(row, column)] = ERROR_TEXT.get(body[6], f"#ERROR {body[6]}")
        elif kind == _FORMULA and len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2:
            row, column = struct.unpack_from("<HH", body, 0)
            errors[(row, column)] = ERROR_TEXT.get(body[8], f"#ERROR {body[8]}")
        position += 4 + length
    return errors
