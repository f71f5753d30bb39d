"""The grid of a contest's counts: categories x candidates in one flat array of machine integers.

A million precincts x 20 candidates is 20 million counts. As Python ints in lists they
took some 290 bytes each (5.5 GiB); here they take 4 bytes each (8 once any count passes
2**31 - 1), in row-major order, with no Python object per cell. The few cells that are
not plain counts are kept apart, by their place in the array: *unknown* (withheld by the
source, None) and *partly known* (:class:`AtLeast`). The array holds 0 for an unknown
cell and the known part of a partly known one, so sums over the array are the sums of
the known votes, which is what every total means.

Sums over a large table run in numpy (imported only then: ``resultsviewer tally`` on a
small contest never pays for it); small tables are summed in Python.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .counts import MAX_COUNT, AtLeast, check_count, withheld_values

if TYPE_CHECKING:
    import numpy

#: Four-byte counts until one does not fit; then every count takes eight.
_NARROW, _WIDE = "i", "q"
_NARROW_MAX = 2**31 - 1
#: Above this many cells, sums and column moves run in numpy.
_NUMPY_CELLS = 100_000

Cell = int | None


class CountTable:
    """Counts of ``height`` categories x ``width`` candidates, with their unknown and partly known cells."""

    __slots__ = ("_values", "_width", "_height", "_special", "_row_special", "_column_special", "_unknown", "_partial",
                 "_withheld")

    def __init__(self, values: array, width: int, height: int, special: dict[int, AtLeast | None] | None = None) -> None:
        """``values`` (typecode ``i`` or ``q``) in row-major order, already checked; ``special``
        maps a flat index to None (unknown) or an :class:`AtLeast`, whose known part the array holds."""
        if len(values) != width * height:
            raise ValueError(f"{len(values)} counts for {height} x {width}")
        self._values = values
        self._width = width
        self._height = height
        self._special: dict[int, AtLeast | None] = {}
        self._row_special = array("i", bytes(4 * height))
        self._column_special = [0] * width
        self._unknown = 0
        self._partial = 0
        self._withheld = 0
        for index, value in (special or {}).items():
            self._mark(index, value, 1)

    # --- building -------------------------------------------------------------------------

    @classmethod
    def zeros(cls, height: int, width: int) -> CountTable:
        return cls(array(_NARROW, bytes(4 * width * height)), width, height)

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[object]], width: int) -> CountTable:
        """A table from rows of counts (ints, None for unknown, AtLeast), each checked.

        Plain ints in range, what every loader gives, are checked in C-speed passes over
        the whole grid rather than one call per cell.
        """
        flat: list[Any] = list(itertools.chain.from_iterable(rows))
        special: dict[int, AtLeast | None] = {}
        kinds = set(map(type, flat))
        if kinds != {int} and kinds <= {int, type(None), AtLeast}:
            # Withheld cells among plain counts: only they are looked at one by one.
            for index in [index for index, value in enumerate(flat) if type(value) is not int]:
                special[index] = flat[index]
                flat[index] = int(flat[index] or 0)
        if flat and not (set(map(type, flat)) == {int} and min(flat) >= 0 and max(flat) <= MAX_COUNT):
            for index, value in enumerate(flat):
                if value is None:
                    special[index] = None
                    flat[index] = 0
                elif type(value) is AtLeast:
                    special[index] = value
                else:
                    flat[index] = check_count(value)
                    continue
                flat[index] = int(value or 0)
        typecode = _WIDE if flat and max(flat) > _NARROW_MAX else _NARROW
        return cls(array(typecode, flat), width, len(rows), special)

    @classmethod
    def from_numpy(cls, grid: numpy.ndarray, special: dict[int, AtLeast | None] | None = None) -> CountTable:
        """A table from a 2-D numpy array of checked counts (0 to MAX_COUNT), copied once."""
        import numpy

        height, width = grid.shape
        narrow = grid.size == 0 or int(grid.max()) <= _NARROW_MAX
        typecode = _NARROW if narrow else _WIDE
        values = array(typecode)
        values.frombytes(numpy.ascontiguousarray(grid, dtype=numpy.int32 if narrow else numpy.int64).tobytes())
        return cls(values, width, height, special)

    # --- reading --------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return self._width

    @property
    def height(self) -> int:
        return self._height

    @property
    def nbytes(self) -> int:
        """Bytes the counts take (the array alone)."""
        return self._values.itemsize * len(self._values)

    def get(self, row: int, column: int) -> Cell:
        index = row * self._width + column
        if self._row_special[row] and index in self._special:
            return self._special[index]
        return self._values[index]

    def row(self, row: int) -> tuple[Cell, ...]:
        start = row * self._width
        values: tuple[Cell, ...] = tuple(self._values[start:start + self._width])
        if not self._row_special[row]:
            return values
        cells = list(values)
        for column in range(self._width):
            if start + column in self._special:
                cells[column] = self._special[start + column]
        return tuple(cells)

    def column(self, column: int) -> tuple[Cell, ...]:
        values: list[Cell] = list(self._values[column::self._width]) if self._width else [0] * self._height
        if self._column_special[column]:
            for index, value in self._special.items():
                if index % self._width == column:
                    values[index // self._width] = value
        return tuple(values)

    def row_special(self, row: int) -> int:
        """Cells of a row that are unknown or partly known."""
        return self._row_special[row]

    def column_special(self, column: int) -> int:
        return self._column_special[column]

    def row_unknown(self, row: int) -> int:
        """Cells of a row that are unknown (None)."""
        if not self._row_special[row]:
            return 0
        start = row * self._width
        return sum(1 for column in range(self._width) if start + column in self._special and self._special[start + column] is None)

    @property
    def unknown(self) -> int:
        return self._unknown

    @property
    def partial(self) -> int:
        return self._partial

    @property
    def withheld(self) -> int:
        return self._withheld

    @property
    def special_cells(self) -> int:
        return len(self._special)

    def row_sums(self) -> array:
        """Each row's known votes, as 8-byte integers."""
        if self._width * self._height > _NUMPY_CELLS:
            import numpy

            grid = self._grid(numpy)
            sums = array("q")
            sums.frombytes(grid.sum(axis=1, dtype="int64").tobytes())
            return sums
        width, values = self._width, self._values
        return array("q", (sum(values[start:start + width]) for start in range(0, width * self._height, width or 1))
                     if width else bytes(8 * self._height))

    def column_sums(self) -> list[int]:
        """Each column's known votes."""
        if self._width * self._height > _NUMPY_CELLS:
            import numpy

            return [int(total) for total in self._grid(numpy).sum(axis=0, dtype="int64")]
        return [sum(self._values[column::self._width]) for column in range(self._width)]

    def _grid(self, numpy: Any) -> numpy.ndarray:
        """The array seen as 2-D by numpy, without a copy: never kept, for the array cannot
        be resized while a view of it lives."""
        dtype = numpy.int32 if self._values.typecode == _NARROW else numpy.int64
        if not self._values:
            return numpy.zeros((self._height, self._width), dtype=dtype)
        return numpy.frombuffer(self._values, dtype=dtype).reshape(self._height, self._width)

    # --- changing -------------------------------------------------------------------------

    def set(self, row: int, column: int, value: Cell) -> None:
        """Set one checked cell (None: unknown)."""
        index = row * self._width + column
        if index in self._special:
            self._mark(index, self._special[index], -1)
        if value is None or type(value) is AtLeast:
            self._mark(index, value, 1)
        self._store(index, int(value or 0))

    def insert_row(self, index: int, cells: Sequence[Cell]) -> None:
        start = index * self._width
        self._shift_special(lambda flat: flat + self._width if flat >= start else flat)
        plain = [int(value or 0) for value in cells]
        self._widen_for(plain)
        self._values[start:start] = array(self._values.typecode, plain)
        self._height += 1
        self._row_special.insert(index, 0)
        for column, value in enumerate(cells):
            if value is None or type(value) is AtLeast:
                self._mark(start + column, value, 1)

    def delete_row(self, index: int) -> tuple[Cell, ...]:
        cells = self.row(index)
        start = index * self._width
        for column in range(self._width):
            if start + column in self._special:
                self._mark(start + column, self._special[start + column], -1)
        del self._values[start:start + self._width]
        self._height -= 1
        del self._row_special[index]
        self._shift_special(lambda flat: flat - self._width if flat >= start else flat)
        return cells

    def move_row(self, index: int, destination: int) -> None:
        if index == destination:
            return
        self.insert_row(destination + (destination > index), self.row(index))
        self.delete_row(index + (destination < index))

    def insert_column(self, index: int, cells: Sequence[Cell]) -> None:
        plain = [int(value or 0) for value in cells]
        self._widen_for(plain)
        self._regrid(lambda grid, numpy: numpy.insert(grid, index, plain, axis=1), self._width + 1,
                     lambda row, column: (row, column + (column >= index)))
        self._column_special.insert(index, 0)
        for row, value in enumerate(cells):
            if value is None or type(value) is AtLeast:
                self._mark(row * self._width + index, value, 1)

    def delete_column(self, index: int) -> tuple[Cell, ...]:
        cells = self.column(index)
        for row in range(self._height) if self._column_special[index] else ():
            flat = row * self._width + index
            if flat in self._special:
                self._mark(flat, self._special[flat], -1)
        self._regrid(lambda grid, numpy: numpy.delete(grid, index, axis=1), self._width - 1,
                     lambda row, column: (row, column - (column > index)))
        del self._column_special[index]
        return cells

    def move_column(self, index: int, destination: int) -> None:
        if index == destination:
            return
        order = list(range(self._width))
        order.insert(destination, order.pop(index))
        where = {old: new for new, old in enumerate(order)}
        self._regrid(lambda grid, numpy: grid[:, order], self._width, lambda row, column: (row, where[column]))
        self._column_special.insert(destination, self._column_special.pop(index))

    # --- internals ------------------------------------------------------------------------

    def _mark(self, index: int, value: AtLeast | None, sign: int) -> None:
        """Count (sign 1) or uncount (-1) a special cell."""
        if sign > 0:
            self._special[index] = value
        else:
            del self._special[index]
        self._row_special[index // self._width] += sign
        self._column_special[index % self._width] += sign
        self._unknown += sign * (value is None)
        self._partial += sign * (type(value) is AtLeast)
        self._withheld += sign * withheld_values(value)

    def _store(self, index: int, value: int) -> None:
        if value > _NARROW_MAX and self._values.typecode == _NARROW:
            self._values = array(_WIDE, self._values)
        self._values[index] = value

    def _widen_for(self, values: Sequence[int]) -> None:
        if values and self._values.typecode == _NARROW and max(values) > _NARROW_MAX:
            self._values = array(_WIDE, self._values)

    def _shift_special(self, move: Any) -> None:
        if self._special:
            self._special = {move(flat): value for flat, value in self._special.items()}

    def _regrid(self, numpy_change: Any, width: int, place: Any) -> None:
        """Rebuild the array for a change of columns; special cells follow their place."""
        import numpy

        old_width = self._width
        changed = numpy.ascontiguousarray(numpy_change(self._grid(numpy), numpy))
        values = array(self._values.typecode)
        values.frombytes(changed.tobytes())
        self._values = values
        self._width = width
        if self._special:
            moved = {}
            for flat, value in self._special.items():
                row, column = place(flat // old_width, flat % old_width)
                moved[row * width + column] = value
            self._special = moved


class CountRows:
    """Rows of checked counts (ints, None for unknown) gathered into a table, as a loader reads them.

    Eight bytes a count while reading, narrowed to four at the end when they all fit.
    """

    def __init__(self, width: int) -> None:
        self._width = width
        self._values = array(_WIDE)
        self._special: dict[int, AtLeast | None] = {}
        self.height = 0

    def append(self, row: Sequence[Cell]) -> None:
        start = len(self._values)
        if None in row or set(map(type, row)) != {int}:
            for column, value in enumerate(row):
                if value is None or type(value) is AtLeast:
                    self._special[start + column] = value  # type: ignore[assignment]
            row = [int(value or 0) for value in row]
        self._values.extend(row)  # type: ignore[arg-type]
        self.height += 1

    def table(self) -> CountTable:
        values = self._values
        if not values or max(values) <= _NARROW_MAX:
            values = array(_NARROW, values)
        self._values = array(_WIDE)
        return CountTable(values, self._width, self.height, self._special)


__all__ = ["CountRows", "CountTable"]
