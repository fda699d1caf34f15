"""The Annex A workbook as a file: its sheets, real dates, Ofsted's codes as liiatools'
checker accepts them, a fixed number of queries, and progress for the web page."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from opencsc.casework.status import ANNEX_A_CASE_STATUS
from opencsc.returns.annex_a import annex_lists, build_annex_a, write_workbook
from opencsc.returns.annex_common import (
    CATEGORY_OF_ABUSE,
    CONTACT_SOURCE,
    ETHNICITY,
    GENDER,
    NO,
    PRIMARY_NEED,
    REASON_FOR_CLOSURE,
    YES,
)
from opencsc.returns.annex_xlsx import DATE_FORMAT, write_xlsx
from tests.factories import (
    AllocationFactory,
    CINEpisodeFactory,
    ContactFactory,
    PersonFactory,
    TeamFactory,
)
from tests.returns.test_annex_a_authority import (
    ALL_LISTS,
    AS_OF,
    build_authority,
    run_checker,
)

D = dt.date.fromisoformat


def test_workbook_has_a_sheet_per_list_with_headings_then_real_dates(db):
    auth = build_authority()
    book = load_workbook(io.BytesIO(build_annex_a(as_of=AS_OF)))
    assert book.sheetnames == ALL_LISTS
    sheet = book["List 3"]
    headings = [cell.value for cell in sheet[1]]
    assert headings == [c.heading for c in annex_lists()[2].columns]
    ref = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "REF-1")
    birth, referred = ref[3], ref[5]
    assert birth.is_date and birth.number_format == DATE_FORMAT
    assert referred.value.date() == D("2025-06-10") and referred.number_format == DATE_FORMAT
    assert ref[8].value == 1 and isinstance(ref[8].value, int)
    assert ref[0].value == auth.children["REF-1"].case_number


def _row(annex, heading: str, value: object) -> list:
    """A valid row of ``annex`` with ``value`` in the ``heading`` column."""
    cells = []
    for column in annex.columns:
        if column.heading == heading:
            cells.append(value)
        elif column.kind == "date":
            cells.append(D("2025-06-01"))
        elif column.kind == "int":
            cells.append(1)
        elif column.heading in CODED:
            cells.append(next(iter(CODED[column.heading])))
        else:
            yes_no = column.heading in YES_NO_COLUMNS or "(Y/N)" in column.heading
            cells.append(YES if yes_no or column.heading.endswith("support?") else "Text")
    return cells


#: Every coded column and every value OpenCSC can write in it.
CODED = {
    "Gender": GENDER.values(),
    "Ethnicity": ETHNICITY.values(),
    "Contact Source": CONTACT_SOURCE.values(),
    "Referral Source": CONTACT_SOURCE.values(),
    "Primary Need Code": PRIMARY_NEED.values(),
    "Reason for Closure": REASON_FOR_CLOSURE.values(),
    "Case Status": ANNEX_A_CASE_STATUS.values(),
    "Initial Category of Abuse": CATEGORY_OF_ABUSE.values(),
    "Latest Category of Abuse": CATEGORY_OF_ABUSE.values(),
}
YES_NO_COLUMNS = (
    "Referral NFA?",
    "Does the Child have a Disability",
    "Child Seen During Continuous Assessment",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Was the Child Seen Alone?",
)


def test_every_code_we_write_is_one_the_checker_accepts(tmp_path):
    """Lists 1 to 7 (lists 8 to 11: tests/returns/test_annex_care_workbook.py)."""
    sheets = []
    for annex in annex_lists()[:7]:
        rows = []
        for column in annex.columns:
            values = CODED.get(column.heading) or (
                (YES, NO) if column.heading in YES_NO_COLUMNS or "(Y/N)" in column.heading
                else ()
            )
            rows += [_row(annex, column.heading, value) for value in values]
        sheets.append((annex, rows))
    verdict = run_checker(write_workbook(sheets), tmp_path)
    assert verdict["n_formatting_errors"] == 0, verdict["formatting_errors"]
    assert verdict["n_blank_errors"] == 0, verdict["blank_errors"]
    assert verdict["rows"]["List 1"] == len(GENDER) + len(ETHNICITY) + len(CONTACT_SOURCE)


def test_a_row_of_the_wrong_width_is_refused():
    annex = annex_lists()[0]
    with pytest.raises(ValueError, match="List 1: a row has 2 cells, not 7"):
        write_workbook([(annex, [("A", "B")])])


def _more_children(n: int) -> None:
    """``n`` more children with a contact, a referral and an allocation in the period."""
    team = TeamFactory(name="Assessment team 2")
    for i in range(n):
        child = PersonFactory(case_number=f"MORE-{i}")
        ContactFactory(child=child, received_at=dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC))
        CINEpisodeFactory(child=child, referral_date=D("2025-07-02"))
        AllocationFactory(child=child, team=team, start_date=D("2025-07-02"))


def _queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        build_annex_a(as_of=AS_OF)
    return len(captured)


def test_export_takes_a_fixed_number_of_queries_whatever_the_number_of_children(db):
    build_authority()
    before = _queries()
    _more_children(15)
    assert _queries() == before <= 31  # at most 5 a list; none per row


def test_progress_is_reported_list_by_list(db):
    seen = []
    build_annex_a(as_of=AS_OF, progress=lambda *report: seen.append(report))
    assert seen[0] == ("List 1: contacts", 0, 12)
    assert [s[0] for s in seen][1:7] == [
        "List 2: early help", "List 3: referrals", "List 4: assessments",
        "List 5: section 47 enquiries and initial child protection conferences",
        "List 6: children in need", "List 7: child protection"]
    assert [s[0] for s in seen][7:11] == [
        "List 8: children in care", "List 9: care leavers", "List 10: adoption",
        "List 11: adopters"]
    assert seen[-2:] == [("Writing the workbook", 11, 12), ("Finished", 12, 12)]
    done = [s[1] for s in seen]
    assert done == sorted(done)


def test_as_of_must_be_a_date(db):
    with pytest.raises(TypeError, match="as_of must be a date"):
        build_annex_a(as_of=dt.datetime(2025, 9, 30, tzinfo=dt.UTC))


def test_an_empty_authority_still_gives_every_list(db, tmp_path):
    verdict = run_checker(build_annex_a(as_of=AS_OF), tmp_path)
    assert verdict["lists_found"] == ALL_LISTS and verdict["ok"] is True
    assert verdict["rows"] == {}


def test_codes_are_distinct_where_ofsted_distinguishes_them():
    for table in (GENDER, CONTACT_SOURCE, PRIMARY_NEED, REASON_FOR_CLOSURE, CATEGORY_OF_ABUSE):
        values = [v for k, v in table.items() if k != "5D"]
        assert len(set(values)) == len(values)
    # Ethnicity: one code each, in the order of liiatools' list (a) WBRI ... r) OOTH).
    assert list(itertools.islice(ETHNICITY.values(), 3)) == ["a) WBRI", "b) WIRI", "c) WIRT"]
    assert ETHNICITY["OOTH"] == "r) OOTH" and len(set(ETHNICITY.values())) == 20


def test_text_numbers_and_dates_read_back_exactly():
    content = write_xlsx([
        ("List <1> & \"more\"", ["Name", "Count", "When"], ["text", "int", "date"], [
            ("Smith & Sons <Ltd>", 0, D("1900-03-01")),
            (" padded \x07", None, None),
            ("", 12, D("2025-09-30")),
        ]),
        ("Empty", [], [], []),
    ])
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ['List <1> & "more"', "Empty"]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and sheet["A1"].value == "Name"
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values == [
        ["Smith & Sons <Ltd>", 0, dt.datetime(1900, 3, 1)],
        [" padded ", None, None],  # the bell character is not allowed in XML
        [None, 12, dt.datetime(2025, 9, 30)],
    ]
    assert sheet["C4"].number_format == DATE_FORMAT and sheet["C4"].is_date
    assert sheet.max_row == 4 and sheet.max_column == 3
