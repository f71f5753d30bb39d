"""Ask Qt what it asks ICU, and print the answers as JSON: run as a script, in a fresh process.

tests/packaging/test_icu_data.py and test_frozen_app.py run it twice, once with Qt's own ICU
data library and once with the smaller one of the frozen app in front of it on
LD_LIBRARY_PATH (searched before the Qt libraries' RUNPATH), and compare. Everything Qt
calls ICU for: collation (QCollator, which Qt's file dialog sorts names with), case
mapping by locale, text codecs by name (QXmlStreamReader decodes a document in the
encoding it declares), and time zones.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCollator,
    QCoreApplication,
    QDate,
    QDateTime,
    QIODevice,
    QLocale,
    Qt,
    QTime,
    QTimeZone,
    QXmlStreamReader,
)

NAMES = [
    "Zoë Ångström", "Zachary", "Ørsted", "Émile", "apple", "Äpfel", "Øvre", "Aaron", "Æbleskiver", "ch", "cz",
    "Ñu", "nz", "Čapek", "Cyril", "Işık", "ilk", "İzmir", "zebra", "Łukasz", "Lucas", "Ólafur", "Oz", "Ýr", "yl",
    "张伟", "李娜", "王芳", "陈静", "東京", "大阪", "가나", "다라", "Анна", "Борис", "Ελένη", "Άννα", "אבי", "محمد",
    "precinct 10", "precinct 9", "Precinct 2",
]
LOCALES = ["en_US", "sv_SE", "da_DK", "de_DE", "es_ES", "cs_CZ", "tr_TR", "pl_PL", "is_IS", "fi_FI", "zh_CN",
           "zh_TW", "ja_JP", "ko_KR", "ru_RU", "el_GR", "he_IL", "ar_EG", "C"]
SAMPLE = "Grüße Привет مرحبا 東京 ｱｲ 서울 €"
CODECS = {  # ICU's name, Python's name (to encode the document with)
    "Shift_JIS": "shift_jis", "EUC-JP": "euc_jp", "ISO-2022-JP": "iso2022_jp", "GB18030": "gb18030",
    "GBK": "gbk", "windows-1252": "cp1252", "windows-1251": "cp1251",
    "windows-1256": "cp1256", "KOI8-R": "koi8_r", "ISO-8859-15": "iso8859_15", "IBM437": "cp437",
}


def encodable(text: str, codec: str) -> str:
    kept = []
    for character in text:
        try:
            character.encode(codec)
        except UnicodeEncodeError:
            continue
        kept.append(character)
    return "".join(kept)


def decoded_by_qt(document: bytes) -> list[str]:
    buffer = QBuffer()
    buffer.setData(QByteArray(document))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QXmlStreamReader(buffer)
    text = []
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            text.append(reader.text())
    return ["".join(text), reader.errorString()]


def answers() -> dict[str, object]:
    result: dict[str, object] = {}
    with open("/proc/self/maps") as maps:
        result["icu_data_library"] = sorted({line.split()[-1] for line in maps if "libicudata" in line})
    for locale in LOCALES:
        collator = QCollator(QLocale(locale))
        result[f"sorted {locale}"] = sorted(NAMES, key=collator.sortKey)
        collator.setNumericMode(True)
        collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        result[f"sorted numeric {locale}"] = sorted(NAMES, key=collator.sortKey)
    for locale, text in [("tr", "istanbul ıi İI"), ("az", "iı"), ("de", "straße"), ("el", "άδικος λόγος"),
                         ("lt", "i̇̀ į̃"), ("nl", "ijsland"), ("en", "ǆemal ß ﬁ")]:
        result[f"upper {locale}"] = QLocale(locale).toUpper(text)
        result[f"lower {locale}"] = QLocale(locale).toLower(text.upper())
    for name, python_name in CODECS.items():
        text = encodable(SAMPLE, python_name)
        document = f'<?xml version="1.0" encoding="{name}"?><a>{text}</a>'.encode(python_name)
        result[f"decoded {name}"] = decoded_by_qt(document) + [text]
    zone = QTimeZone(b"Europe/Berlin")
    moment = QDateTime(QDate(2024, 1, 15), QTime(12, 0), zone)
    result["zone ids"] = len(QTimeZone.availableTimeZoneIds())
    result["zone offset"] = [zone.offsetFromUtc(moment), zone.abbreviation(moment)]
    result["zone from windows"] = bytes(QTimeZone.windowsIdToDefaultIanaId(b"W. Europe Standard Time").data()).decode()
    result["zone names"] = {
        locale: zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale(locale))
        for locale in ("en_US", "de_DE", "ja_JP")
    }
    return result


if __name__ == "__main__":
    application = QCoreApplication(sys.argv[:1])
    json.dump(answers(), sys.stdout, ensure_ascii=False)
