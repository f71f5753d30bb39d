"""Any bytes given to the table import end in a contest or in the core's LoadError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import import_table

CELLS = st.one_of(
    st.sampled_from(["", "*", "1", "1,176", "-3", "x", "Total", "President", "NA", '"', "a;b", "0", "2020", "\u00a0"]),
    st.text(max_size=6),
)
HEADERS = st.lists(
    st.sampled_from(
        ["county", "precinct", "office", "district", "party", "candidate", "votes", "category", "year", "state",
         "candidatevotes", "totalvotes", "constituency_name", "party_name", "electorate", "valid_votes",
         "invalid_votes", "con", "lab", "early_voting", "x", "district"]
    ),
    min_size=1,
    max_size=8,
)


def check(data: bytes, options: ImportOptions | None = None) -> None:
    try:
        result = import_table(data, "fuzz.csv", options)
    except LoadError as error:
        assert error.source == "fuzz.csv" and error.message
    else:
        assert result.contest.candidate_count >= 1
        if result.options.layout != "spreadsheet":  # our own CSV may hold a header alone
            assert result.contest.category_count >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HEADERS, st.lists(st.lists(CELLS, max_size=9), max_size=8), st.sampled_from([",", ";", "\t"]))
def test_tables_with_real_headers(header: list[str], rows: list[list[str]], delimiter: str) -> None:
    def line(cells: list[str]) -> str:
        return delimiter.join('"' + c.replace('"', '""') + '"' if (delimiter in c or '"' in c or "\n" in c) else c for c in cells)

    text = "\n".join([line(header), *(line(r) for r in rows)]) + "\n"
    check(text.encode("utf-8"))
    check(text.encode("utf-8"), ImportOptions(contest="President", by="county", where=(("year", "2020"),)))
