"""Which reader opens a file, decided by the core on one read: native and our spreadsheet
CSV as they are, any other table handed back parsed with the layout guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import NATIVE, SPREADSHEET_CSV, read_contest, write_contest
from resultsviewer.core.formats.opening import Origin, open_contest_file

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"
DATA = ROOT / "tests" / "data"


def test_native_is_read_as_it_is_once(reads):
    opened = open_contest_file(DEFAULT)
    assert opened.file_format is NATIVE and opened.table is None
    assert opened.contest is not None and opened.contest.candidate(0).name == "Jeremy Corbyn"
    assert opened.origin() == Origin(DEFAULT, NATIVE, DEFAULT.name)
    assert opened.origin().save_path == DEFAULT
    assert reads == [str(DEFAULT)]


def test_native_json_under_another_name_is_sniffed(tmp_path, reads):
    renamed = tmp_path / "results.txt"
    renamed.write_bytes(DEFAULT.read_bytes())
    opened = open_contest_file(renamed)
    assert opened.file_format is NATIVE and opened.contest is not None
    # A .txt is not a format Save writes: Save asks where.
    assert opened.origin().save_path is None
    assert reads == [str(renamed)]


def test_our_spreadsheet_csv_is_read_as_it_is_once(tmp_path, reads):
    target = tmp_path / "labour.csv"
    write_contest(read_contest(DEFAULT), target)
    reads.clear()
    opened = open_contest_file(target)
    assert opened.file_format is SPREADSHEET_CSV and opened.contest is not None
    assert opened.contest.count(0, 0) == 168216
    assert opened.origin().save_path == target
    assert reads == [str(target)]


def test_any_other_table_comes_back_parsed_with_the_guess(reads):
    source = DATA / "hoc_ge2019_long_excerpt.csv"
    opened = open_contest_file(source)
    assert opened.contest is None and opened.file_format is None
    assert opened.table is not None and opened.table.header
    assert opened.guess is not None and opened.guess.options.layout != "spreadsheet"
    assert reads == [str(source)]
    assert opened.origin().save_path is None


def test_an_unreadable_file_is_a_load_error_naming_it(tmp_path):
    with pytest.raises(LoadError) as caught:
        open_contest_file(tmp_path / "missing.results.json")
    assert caught.value.source.endswith("missing.results.json")
