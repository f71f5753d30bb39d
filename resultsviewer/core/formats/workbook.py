"""Reading workbooks (.xlsx, .xlsm, .xls, .ods) as rows of typed cells.

One reader for all four formats: python-calamine (Rust's calamine), which reads cached
formula values and never runs a macro. Everything above this module (the table import,
ballot files) sees plain rows of Python values and addresses cells as ``Sheet1!C7``.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from ..errors import LoadError

#: Extensions of the workbooks this module reads.
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

#: A cell's value as read: text, a number, a truth value, a date or time, or None (empty).
Cell = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta | None


@dataclass(frozen=True)
class Sheet:
    """One sheet's used range as rows of cells; ``first_row``/``first_column`` are the
    0-based position of ``rows[0][0]`` on the sheet, so addresses stay those Excel shows."""

    name: str
    rows: list[list[Cell]]
    first_row: int = 0
    first_column: int = 0

    def address(self, row: int, column: int) -> str:
        """``Sheet1!C7`` for the cell at ``rows[row][column]``."""
        return cell_address(self.name, self.first_row + row, self.first_column + column)


def column_letters(column: int) -> str:
    """``A`` for 0, ``Z`` for 25, ``AA`` for 26."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_address(sheet: str, row: int, column: int) -> str:
    """The address a spreadsheet shows for a 0-based row and column: ``Sheet1!C7``."""
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{column_letters(column)}{row + 1}"


def is_workbook_path(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(WORKBOOK_EXTENSIONS)


def _open(path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
    import python_calamine  # imported here: reading CSV and JSON never pays for it

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise LoadError(str(path), "the file does not exist") from None
    except Exception as error:  # calamine raises its own types for every broken file
        raise LoadError(str(path), f"not a workbook that can be read ({_brief(error)})") from None


def _brief(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """The names of a workbook's sheets, in order."""
    return list(_open(path).sheet_names)


def read_sheet(path: str | os.PathLike[str], sheet: str | int = 0) -> Sheet:
    """One sheet of a workbook, by name or 0-based number, as rows of cells.

    Empty cells are None (calamine gives ``""``); trailing empty cells stay, so every
    row has the sheet's width.
    """
    workbook = _open(path)
    names = list(workbook.sheet_names)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise LoadError(str(path), f"there is no sheet number {sheet + 1}; it has {len(names)}")
        name = names[sheet]
    else:
        if sheet not in names:
            listed = ", ".join(repr(n) for n in names)
            raise LoadError(str(path), f"there is no sheet named {sheet!r}; its sheets are {listed}")
        name = sheet
    try:
        calamine_sheet = workbook.get_sheet_by_name(name)
        values = calamine_sheet.to_python(skip_empty_area=False)
    except Exception as error:
        raise LoadError(str(path), f"sheet {name!r} cannot be read ({_brief(error)})") from None
    rows: list[list[Cell]] = [[None if value == "" else value for value in row] for row in values]
    return Sheet(name=name, rows=rows)


def read_workbook_sheets(path: str | os.PathLike[str]) -> list[Sheet]:
    """Every sheet of a workbook."""
    return [read_sheet(path, index) for index in range(len(sheet_names(path)))]


__all__ = [
    "WORKBOOK_EXTENSIONS",
    "Cell",
    "Sheet",
    "cell_address",
    "column_letters",
    "is_workbook_path",
    "read_sheet",
    "read_workbook_sheets",
    "sheet_names",
]
