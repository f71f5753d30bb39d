"""Titles for imported tables, built only from what the file says (its name, its columns).

An OpenElections file is named ``20241105__nm__general__precinct.csv``: the date, the
state and the election are in the name, so the title is "New Mexico general election,
5 November 2024: President". A name that does not follow the convention says nothing we
can rely on, and the title is then the office and the file's name, as given.
"""

from __future__ import annotations

import datetime as _dt
import re

US_STATES = {
    "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California",
    "co": "Colorado", "ct": "Connecticut", "de": "Delaware", "dc": "District of Columbia",
    "fl": "Florida", "ga": "Georgia", "hi": "Hawaii", "id": "Idaho", "il": "Illinois",
    "in": "Indiana", "ia": "Iowa", "ks": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "me": "Maine", "md": "Maryland", "ma": "Massachusetts", "mi": "Michigan", "mn": "Minnesota",
    "ms": "Mississippi", "mo": "Missouri", "mt": "Montana", "ne": "Nebraska", "nv": "Nevada",
    "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico", "ny": "New York",
    "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma", "or": "Oregon",
    "pa": "Pennsylvania", "pr": "Puerto Rico", "ri": "Rhode Island", "sc": "South Carolina",
    "sd": "South Dakota", "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont",
    "va": "Virginia", "wa": "Washington", "wv": "West Virginia", "wi": "Wisconsin", "wy": "Wyoming",
    "gu": "Guam", "vi": "U.S. Virgin Islands", "as": "American Samoa", "mp": "Northern Mariana Islands",
}

#: The last part of an OpenElections file name: the level its rows are at.
_LEVELS = {"precinct", "county", "state", "district", "ward", "municipality", "parish", "town"}
_UK_GENERAL = re.compile(r"(?:^|[^a-z0-9])GE[-_ ]?(?P<year>(?:19|20)\d{2})(?:[^0-9]|$)", re.IGNORECASE)


def date_in_words(date: _dt.date) -> str:
    """``5 November 2024``."""
    return f"{date.day} {date.strftime('%B %Y')}"


def openelections_facts(stem: str) -> tuple[str, _dt.date, str, str | None] | None:
    """(state name, date, election, place) from an OpenElections file name, or None when
    the name does not follow the convention (or names no real date or state)."""
    parts = [part for part in stem.lower().split("__") if part]
    if len(parts) < 3 or not re.fullmatch(r"(?:[a-z]{2}_)?\d{8}", parts[0]):
        return None
    state = US_STATES.get(parts[1])
    try:
        date = _dt.datetime.strptime(parts[0][-8:], "%Y%m%d").date()
    except ValueError:
        return None
    if state is None or not re.fullmatch(r"[a-z_]+", parts[2]):
        return None
    rest = parts[3:]
    if rest and rest[-1] in _LEVELS:
        rest = rest[:-1]
    election = parts[2].replace("_", " ")
    place = " ".join(part.replace("_", " ") for part in rest).title() or None
    return state, date, election, place


def openelections_title(stem: str, office: str) -> tuple[str, str | None]:
    """The title of one office's contest in an OpenElections file, and its ISO date
    (None when the file name does not say)."""
    facts = openelections_facts(stem)
    if facts is None:
        return f"{office} - {stem}", None
    state, date, election, place = facts
    where = f"{state} {election} election"
    if place:
        where += f" ({place})"
    return f"{where}, {date_in_words(date)}: {office}", date.isoformat()


def medsl_title(years: set[str]) -> str:
    """``US presidential election 2016``; several years (no filter) are said as a range."""
    if len(years) == 1:
        return f"US presidential election {next(iter(years))}"
    if years:
        return f"US presidential elections {min(years)}-{max(years)}"
    return "US presidential election"


def uk_general_title(stem: str) -> str:
    """``UK general election 2017`` from a House of Commons Library file name (``HoC-GE2017-...``)."""
    match = _UK_GENERAL.search(stem)
    if match is None:
        return f"UK general election - {stem}"
    return f"UK general election {match['year']}"
