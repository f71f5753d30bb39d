"""packaging/icu_data.py: the frozen app's smaller ICU data library.

The library is made from the ICU data library of the PySide6 wheel installed here (the one
the build freezes), then loaded by Qt in a fresh process in place of the wheel's: Qt's
answers with it (tests/packaging/icu_probe.py) must be those it gives with the full one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("icu_probe.py")

sys.path.insert(0, str(ROOT / "packaging"))
try:
    import icu_data
finally:
    sys.path.remove(str(ROOT / "packaging"))

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PySide6 bundles ICU on Linux only")


def wheel_icu_data() -> Path:
    import PySide6

    libraries = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libraries:
        pytest.skip("this PySide6 bundles no ICU data library")
    return libraries[0]


def qt_answers(icu_folder: Path | None, home: Path) -> dict[str, object]:
    """What Qt answers in a fresh process, with the ICU data library of ``icu_folder`` if given."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    env.pop("LD_LIBRARY_PATH", None)
    if icu_folder is not None:
        env["LD_LIBRARY_PATH"] = str(icu_folder)
    result = subprocess.run([sys.executable, str(PROBE)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_qt_answers_alike(smaller: Path, tmp_path: Path) -> None:
    """Qt with the smaller library answers as with the wheel's, but for the long names of time zones."""
    full = qt_answers(None, tmp_path)
    filtered = qt_answers(smaller.parent, tmp_path)
    assert full.pop("icu_data_library") == [str(wheel_icu_data().resolve())]
    assert filtered.pop("icu_data_library") == [str(smaller.resolve())], "Qt did not load the smaller library"
    # Each zone's names by locale are left out (Qt shows them nowhere in the app): ICU falls
    # back to root's name, the offset from GMT, and does not fail.
    full_zone_names = full.pop("zone names")
    assert full_zone_names["de_DE"] == "Mitteleuropäische Normalzeit"
    assert filtered.pop("zone names") == dict.fromkeys(full_zone_names, "GMT+01:00")
    assert filtered == full
    # The probe asked what it meant to: codecs decoded, collations that differ by locale.
    decoded = [answer for key, answer in full.items() if key.startswith("decoded")]
    assert decoded and all(answer == [answer[2], "", answer[2]] for answer in decoded)
    assert full["sorted sv_SE"] != full["sorted en_US"] and full["sorted zh_CN"] != full["sorted en_US"]


@pytest.fixture(scope="module")
def package() -> icu_data.Package:
    library = wheel_icu_data().read_bytes()
    symbol, offset, size = icu_data.data_symbol(library)
    assert symbol == f"icudt{wheel_icu_data().name.rsplit('.', 1)[-1]}_dat"
    return icu_data.read_package(library[offset:offset + size])


def test_package_is_written_back_as_read(package: icu_data.Package) -> None:
    assert len(package.items) > 3000
    assert icu_data.read_package(icu_data.write_package(package)) == package


def test_filter_keeps_what_qt_reads_and_drops_the_rest(package: icu_data.Package) -> None:
    prefix = package.prefix
    names = {name for name, _ in icu_data.filter_package(package).items}
    every = {name for name, _ in package.items}
    # Collation of every locale, the converters, time zones, the roots and the supplemental data.
    for kept in ("root.res", "pool.res", "res_index.res", "supplementalData.res", "likelySubtags.res", "zoneinfo64.res",
                 "metaZones.res", "cnvalias.icu", "ibm-943_P15A-2003.cnv", "nfkc.nrm", "coll/root.res", "coll/ucadata.icu",
                 "coll/sv.res", "coll/zh.res", "zone/root.res", "brkitr/root.res", "brkitr/line.brk"):
        assert f"{prefix}/{kept}" in names, kept
    assert {name for name in every if name.endswith(".cnv") or "/coll/" in name} <= names
    # Names and formats by locale, and the word-break dictionaries.
    for dropped in ("de.res", "en_US_POSIX.res", "sr_Latn_RS.res", "zone/de.res", "curr/ja.res", "lang/fr.res",
                    "region/es.res", "unit/ru.res", "rbnf/en.res", "brkitr/cjdict.dict"):
        assert f"{prefix}/{dropped}" in every and f"{prefix}/{dropped}" not in names, dropped


@pytest.mark.skipif(shutil.which("as") is None or shutil.which("ld") is None, reason="no as/ld (binutils)")
def test_smaller_library_answers_qt_as_the_full_one(tmp_path: Path) -> None:
    source = wheel_icu_data()
    output = tmp_path / "lib" / source.name
    assert icu_data.filtered_library(source, output, tmp_path / "work") == output
    assert output.stat().st_size < source.stat().st_size / 2
    dynamic = subprocess.run(["objdump", "-p", str(output)], capture_output=True, text=True, check=True).stdout
    assert f"SONAME               {source.name}" in dynamic
    assert_qt_answers_alike(output, tmp_path)


def test_without_binutils_the_full_library_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no as and no ld
    assert icu_data.filtered_library(wheel_icu_data(), tmp_path / "out.so", tmp_path / "work") is None
    assert "WARNING" in capsys.readouterr().out
    assert not (tmp_path / "out.so").exists()


@pytest.mark.skipif(shutil.which("as") is None or shutil.which("ld") is None, reason="no as/ld (binutils)")
def test_an_unexpected_library_is_kept_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_icu = tmp_path / "libicudata.so.73"
    not_icu.write_bytes(b"\x7fELF" + bytes(200))
    assert icu_data.filtered_library(not_icu, tmp_path / "out" / not_icu.name, tmp_path / "work") is None
    assert "WARNING: libicudata.so.73 kept whole" in capsys.readouterr().out
