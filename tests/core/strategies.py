"""Hypothesis strategies of contests, shared by the schema, native and spreadsheet tests."""

from __future__ import annotations

from hypothesis import strategies as st

from resultsviewer.core.contest import (
    Candidate,
    Category,
    Contest,
    Declared,
    DeclaredShare,
    Method,
    Status,
    TieBreak,
)
from resultsviewer.core.counts import MAX_COUNT

# Letters, digits, punctuation and spaces of any script; no control, format (bidi
# controls are Cf), surrogate or line/paragraph separator characters, which a name
# may not hold or which are collapsed as white space.
_NAME_CHARS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))

NAMES = st.text(_NAME_CHARS, min_size=1, max_size=20).map(lambda text: " ".join(text.split())).filter(bool)

COUNTS = st.one_of(
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=MAX_COUNT),
    st.just(MAX_COUNT),
)
COUNTS_OR_UNKNOWN = st.one_of(COUNTS, COUNTS, COUNTS, st.none())
# Empty text is written as absent, so it reads back as None: not drawn, for exact round trips.
FREE_TEXT = st.one_of(st.none(), st.text(min_size=1, max_size=30))
COLOURS = st.one_of(st.none(), st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
WEIGHTS = st.one_of(
    st.none(),
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 0.5, 1.0, 2.0]),
)
SHARES = st.builds(
    lambda whole, decimals: DeclaredShare(f"{whole}{'.' + decimals if decimals else ''}"),
    st.integers(min_value=0, max_value=99),
    st.text("0123456789", max_size=3),
)


@st.composite
def contests(draw: st.DrawFn, *, max_candidates: int = 5, max_categories: int = 5, names=NAMES) -> Contest:
    """Any valid contest: names of any script, unknown cells, weights, declared figures, tie-breaks."""
    candidate_names = draw(st.lists(names, max_size=max_candidates, unique_by=str.casefold))
    category_names = draw(st.lists(names, max_size=max_categories, unique_by=str.casefold))
    candidates = [
        Candidate(name, draw(st.one_of(st.none(), names)), draw(COLOURS)) for name in candidate_names
    ]
    categories = [
        Category(name, draw(st.one_of(st.none(), COUNTS)), draw(WEIGHTS), draw(st.one_of(st.none(), COUNTS)))
        for name in category_names
    ]
    counts = [[draw(COUNTS_OR_UNKNOWN) for _ in candidates] for _ in categories]
    declared = Declared()
    for name in candidate_names:
        if draw(st.booleans()):
            declared.candidate_totals[name] = draw(COUNTS)
        if draw(st.booleans()):
            declared.candidate_shares[name] = draw(SHARES)
    for name in category_names:
        if draw(st.booleans()):
            declared.category_totals[name] = draw(COUNTS)
    declared.valid_votes = draw(st.one_of(st.none(), COUNTS))
    declared.rejected = draw(st.one_of(st.none(), COUNTS))
    declared.ballots_cast = draw(st.one_of(st.none(), COUNTS))
    declared.electorate = draw(st.one_of(st.none(), COUNTS))
    declared.turnout = draw(st.one_of(st.none(), SHARES))
    tie_break = None
    if candidate_names and draw(st.booleans()):
        tie_break = TieBreak(
            draw(st.sampled_from(candidate_names)),
            draw(st.sampled_from(["drawing of lots", "toss of a coin"])),
            draw(st.one_of(st.none(), st.text(min_size=1, max_size=20))),
        )
    return Contest(
        draw(NAMES),
        candidates,
        categories,
        counts,
        date=draw(st.one_of(st.none(), st.dates().map(str))),
        status=draw(st.sampled_from(list(Status))),
        source=draw(FREE_TEXT),
        notes=draw(FREE_TEXT),
        method=draw(st.sampled_from(list(Method))),
        electorate=draw(st.one_of(st.none(), COUNTS)),
        declared=declared,
        tie_break=tie_break,
    )


def contest_state(contest: Contest) -> dict:
    """Everything a contest holds, as plain data, to compare two contests."""
    return {
        "title": contest.title,
        "date": contest.date,
        "status": contest.status,
        "source": contest.source,
        "notes": contest.notes,
        "method": contest.method,
        "electorate": contest.electorate,
        "candidates": contest.candidates,
        "categories": contest.categories,
        "counts": [contest.row(index) for index in range(contest.category_count)],
        "declared": contest.declared,
        "tie_break": contest.tie_break,
    }
