"""A smaller ICU data library for the frozen app (Linux): what Qt uses of ICU, and no more.

PySide6's Qt links ICU 73, whose data library ``libicudata.so.73`` (32 MB) is one symbol,
``icudt73_dat``: a package of some 3,900 items (ICU's "common data", format ``CmnD``).
Qt calls ICU only from QtCore, for four things (its imported ``*_73`` symbols):

- collation (``ucol_*``, QCollator: the file dialog sorts names with it): the ``coll/``
  tree, every locale's tailoring kept;
- text codecs beyond UTF and Latin-1 (``ucnv_*``, QStringConverter by name): every
  ``.cnv`` converter and ``cnvalias.icu``, kept;
- time zones (``ucal_*``: canonical IDs and display names): ``zoneinfo64``, ``metaZones``,
  ``timezoneTypes``, ``windowsZones`` and the rest of the top level's non-locale data, kept;
- locale-aware case mapping (``u_strToUpper``/``u_strToLower``): ICU's own code and
  compiled-in tables, no data item.

What goes: each locale's own bundle in the trees of names and formats Qt never asks for
(the top level's dates and numbers, ``curr/``, ``lang/``, ``region/``, ``unit/``, ``zone/``,
``rbnf/``, ``translit/``: Qt formats dates and numbers with its own CLDR tables) and the
word-break dictionaries of ``brkitr/`` (Qt breaks text with its own tables, never with
ICU's break iterators). Each tree keeps its ``root``, ``pool`` and ``res_index`` bundles,
so an ICU call that does look a locale up falls back to root's data, as ICU does for a
locale it has no data for, instead of failing.

The package is read out of the wheel's library (an ELF file: the symbol's bytes), the
kept items written as a new package in the same order (ICU finds an item by a binary
search of the names) with their data aligned to 16 bytes as ICU's own tools align it,
and the result assembled with binutils' ``as`` and ``ld`` into a library of the same
soname exporting the same symbol. Without those tools, or for any file this module does
not recognise, :func:`filtered_library` says why and returns None: the build then keeps
the full library.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Trees whose per-locale bundles Qt never reads (see the module's docstring).
UNUSED_LOCALE_TREES = frozenset({"curr", "lang", "region", "unit", "zone", "rbnf", "translit", "brkitr"})

#: Bundles every tree keeps: the fallback of every locale, the shared key strings, the index.
TREE_BUNDLES = frozenset({"root", "pool", "res_index"})

#: A locale's bundle at the top level: "en", "en_US_POSIX", "sr_Latn_RS"; the top level's
#: other bundles (supplementalData, zoneinfo64, likelySubtags, ...) have longer names.
LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")

#: ICU's alignment of each item in a package (icupkg and genccode align to 16 bytes).
ITEM_ALIGNMENT = 16

ELF_MAGIC = b"\x7fELF"
SHT_DYNSYM = 11


class UnexpectedFile(Exception):
    """The library or its package is not laid out as this module expects."""


@dataclass(frozen=True)
class Package:
    """An ICU common-data package: its header (kept as it is) and its items, in order."""

    header: bytes
    items: list[tuple[str, bytes]]

    @property
    def prefix(self) -> str:
        """The items' folder, e.g. "icudt73l" (version 73, little-endian)."""
        return self.items[0][0].split("/", 1)[0]


def data_symbol(library: bytes) -> tuple[str, int, int]:
    """The ICU data symbol of a 64-bit little-endian ELF library: (name, file offset, size)."""
    if library[:4] != ELF_MAGIC or library[4] != 2 or library[5] != 1:
        raise UnexpectedFile("not a 64-bit little-endian ELF file")
    (section_offset,) = struct.unpack_from("<Q", library, 0x28)
    entry_size, count = struct.unpack_from("<HH", library, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", library, section_offset + index * entry_size) for index in range(count)]
    for _, kind, _, _, offset, size, link, _, _, symbol_size in sections:
        if kind != SHT_DYNSYM:
            continue
        strings_offset = sections[link][4]
        for position in range(offset, offset + size, symbol_size):
            name_offset, _, _, section_index, value, length = struct.unpack_from("<IBBHQQ", library, position)
            end = library.index(b"\0", strings_offset + name_offset)
            name = library[strings_offset + name_offset:end].decode("ascii")
            if re.fullmatch(r"icudt\d+_dat", name) and 0 < section_index < len(sections):
                address, file_offset = sections[section_index][3], sections[section_index][4]
                return name, value - address + file_offset, length
    raise UnexpectedFile("no icudtNN_dat symbol")


def read_package(data: bytes) -> Package:
    """The items of an ICU common-data package (little-endian, format CmnD 1)."""
    if len(data) < 32:
        raise UnexpectedFile("too short for an ICU data header")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    is_big_endian, charset_family = data[8], data[9]
    if (magic1, magic2) != (0xDA, 0x27) or is_big_endian or charset_family != 0:
        raise UnexpectedFile("not a little-endian ASCII ICU data package")
    if data[12:16] != b"CmnD" or data[16] != 1:
        raise UnexpectedFile(f"data format {data[12:16]!r} version {data[16]}, not CmnD 1")
    (count,) = struct.unpack_from("<I", data, header_size)
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * index) for index in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name_start = header_size + name_offset
        name = data[name_start:data.index(b"\0", name_start)].decode("ascii")
        start = header_size + data_offset
        end = header_size + entries[index + 1][1] if index + 1 < count else len(data)
        if not start <= end <= len(data):
            raise UnexpectedFile(f"item {name} lies outside the package")
        items.append((name, data[start:end]))
    names = [name for name, _ in items]
    if not names or names != sorted(names):
        raise UnexpectedFile("the items are not in the order ICU searches them")
    return Package(data[:header_size], items)


def write_package(package: Package) -> bytes:
    """The package as ICU reads it: header, table of contents, names, then the items, aligned."""
    header_size = len(package.header)
    count = len(package.items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in package.items)
    table_size = 4 + 8 * count
    position = table_size + len(names)
    entries = []
    body = bytearray()
    name_offset = table_size
    for name, item in package.items:
        padding = -(header_size + position) % ITEM_ALIGNMENT
        body += b"\0" * padding
        position += padding
        entries.append((name_offset, position))
        body += item
        position += len(item)
        name_offset += len(name) + 1
    table = struct.pack("<I", count) + b"".join(struct.pack("<II", *entry) for entry in entries)
    return package.header + table + names + bytes(body)


def kept(name: str) -> bool:
    """Whether the frozen app keeps the package item ``name`` ("icudt73l/zone/de.res")."""
    parts = name.split("/")[1:]
    stem, _, extension = parts[-1].rpartition(".")
    if len(parts) == 1:
        return not (extension == "res" and LOCALE_NAME.fullmatch(stem) and stem not in TREE_BUNDLES)
    tree = parts[0]
    if tree == "brkitr" and extension == "dict":
        return False
    if tree in UNUSED_LOCALE_TREES and extension == "res":
        return stem in TREE_BUNDLES
    return True


def filter_package(package: Package) -> Package:
    items = [(name, item) for name, item in package.items if kept(name)]
    missing = {f"{package.prefix}/{name}" for name in ("root.res", "pool.res", "cnvalias.icu", "coll/root.res")} - {
        name for name, _ in items
    }
    if missing:
        raise UnexpectedFile(f"the package lacks {sorted(missing)}")
    return Package(package.header, items)


def assemble(package: bytes, symbol: str, soname: str, output: Path, work: Path) -> None:
    """A shared library named ``soname`` whose one exported symbol ``symbol`` is ``package``."""
    work.mkdir(parents=True, exist_ok=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    data = work / f"{symbol}.bin"
    data.write_bytes(package)
    source = work / f"{symbol}.s"
    # %object and %progbits: the spelling GNU as accepts on x86-64 and on AArch64 alike.
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, %object\n"
        f"\t.balign {ITEM_ALIGNMENT}\n"
        f"{symbol}:\n"
        f'\t.incbin "{data}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",%progbits\n'
    )
    obj = work / f"{symbol}.o"
    subprocess.run(["as", "-o", str(obj), str(source)], check=True, capture_output=True, text=True)
    subprocess.run(
        ["ld", "-shared", "-soname", soname, "-z", "noexecstack", "-o", str(output), str(obj)],
        check=True, capture_output=True, text=True,
    )


def filtered_library(source: Path, output: Path, work: Path) -> Path | None:
    """Write the smaller ICU data library to ``output`` and check it; None (printing why) if it cannot be made."""
    missing_tools = [tool for tool in ("as", "ld") if shutil.which(tool) is None]
    if missing_tools:
        print(f"icu_data: WARNING: no {' or '.join(missing_tools)} (binutils): the full ICU data library is kept (32 MB)")
        return None
    try:
        library = source.read_bytes()
        symbol, offset, size = data_symbol(library)
        package = read_package(library[offset:offset + size])
        smaller = filter_package(package)
        assemble(write_package(smaller), symbol, source.name, output, work)
        # What ICU will find: the same symbol, and through it the kept items, byte for byte.
        built = output.read_bytes()
        built_symbol, built_offset, built_size = data_symbol(built)
        if built_symbol != symbol or read_package(built[built_offset:built_offset + built_size]) != smaller:
            raise UnexpectedFile("the library built does not hold the package written")
    except (OSError, ValueError, struct.error, UnexpectedFile, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or error
        print(f"icu_data: WARNING: {source.name} kept whole (32 MB), the smaller one could not be made: {detail}")
        return None
    print(
        f"icu_data: {source.name}: {len(smaller.items)} of {len(package.items)} items kept,"
        f" {len(library) / 1e6:.1f} MB -> {len(built) / 1e6:.1f} MB"
    )
    return output
