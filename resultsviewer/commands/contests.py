"""``resultsviewer contests FILE``: the contests a multi-contest file holds.

OpenElections files hold every office on the ballot (and in a primary, each party's
race); MEDSL files hold one election per year. The labels printed are what
``--contest`` takes.
"""

from __future__ import annotations

import argparse
import json

from resultsviewer.core.errors import ContestError

from .common import report_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a multi-contest table (OpenElections, MEDSL)")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")


def run(options: argparse.Namespace) -> int:
    from resultsviewer.core.formats import read_bytes
    from resultsviewer.core.formats.importing import list_contests

    try:
        contests = list_contests(read_bytes(options.file), options.file)
    except ContestError as error:
        return report_error(error)
    if options.json:
        print(json.dumps(
            [
                {"contest": c.label, "office": c.office, "district": c.district or None, "party": c.party or None,
                 "rows": c.rows, "spellings": sorted(c.spellings), "counts_voters_not_votes": c.pseudo}
                for c in contests
            ],
            indent=2, ensure_ascii=False,
        ))
        return 0
    width = max(len(c.label) for c in contests)
    real = [c for c in contests if not c.pseudo]
    print(f"{options.file}: {len(real)} contests")
    for info in contests:
        extra = []
        if info.pseudo:
            extra.append("counts voters or ballots, not a contest")
        if len(info.spellings) > 1:
            extra.append("spelled " + " / ".join(sorted(info.spellings)))
        elif info.spellings and next(iter(info.spellings)) not in (info.label, info.office):
            extra.append(next(iter(info.spellings)))
        suffix = f"  ({'; '.join(extra)})" if extra else ""
        print(f"  {info.label:<{width}}  {info.rows:>7,} rows{suffix}")
    print("Open one with --contest NAME, e.g. --contest " + repr(real[0].label if real else contests[0].label))
    return 0
