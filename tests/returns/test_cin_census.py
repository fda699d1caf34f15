"""The CIN census year by year: who is in it, what is reported as at 31 March, the header,
the schema's shape, the fixed number of queries, and the `opencsc return` command."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from opencsc import cli
from opencsc.protection.models import ConferenceKind
from opencsc.returns.cin_census import build_cin_census, census_period
from tests.factories import UserFactory
from tests.returns.test_cin_fixture import (
    D,
    Staff,
    assessment,
    build_authority,
    child_el,
    cin_plan,
    conference,
    cp_plan,
    enquiry,
    episode,
    icpc,
    person,
    review,
    texts,
)


@pytest.fixture
def staff(db):
    return Staff(worker=UserFactory(), chair=UserFactory())


def census(year=2026):
    return etree.fromstring(build_cin_census(year=year))


def ids(root):
    return texts(root, "Children/Child/ChildIdentifiers/LAchildID")


# --- who is in the census ---------------------------------------------------------------


def test_children_open_at_any_time_in_the_year_are_in_it_and_no_others(staff):
    episode(person("OLD1"), "2019-06-03")  # open for years: in
    episode(person("GONE1"), "2024-10-01", closed="2025-03-31", reason="RC7")  # out
    episode(person("EDGE1"), "2024-10-01", closed="2025-04-01", reason="RC7")  # in
    episode(person("LAST1"), "2026-03-31")  # referred on the reference date: in
    episode(person("NEXT1"), "2026-04-01")  # next year's
    person("NEVER1")  # never referred
    assert ids(census()) == ["EDGE1", "LAST1", "OLD1"]


def test_a_referral_with_no_further_action_counts_in_its_own_year_only(staff):
    episode(person("NFA1"), "2025-02-10", nfa=True, need="")  # 2024-25's
    episode(person("NFA2"), "2025-04-01", nfa=True, need="")
    assert ids(census()) == ["NFA2"]
    assert ids(census(2025)) == ["NFA1"]


def test_only_episodes_overlapping_the_year_are_reported(staff):
    child = person("MULTI1")
    episode(child, "2023-05-02", closed="2023-09-01", reason="RC7")
    episode(child, "2025-01-06", closed="2025-06-02", reason="RC7")
    episode(child, "2025-11-03")
    cin = child_el(census(), "MULTI1").findall("CINdetails")
    assert [e.findtext("CINreferralDate") for e in cin] == ["2025-01-06", "2025-11-03"]


def test_a_case_closed_after_31_march_is_reported_open(staff):
    ep = episode(person("LATE1"), "2025-09-01", closed="2026-04-15", reason="RC7")
    assessment(staff, ep, "2025-09-02", "2025-10-10")
    cin = child_el(census(), "LATE1").find("CINdetails")
    assert cin.find("CINclosureDate") is None and cin.find("ReasonForClosure") is None


# --- assessments, plans, enquiries: as at 31 March ---------------------------------------


def test_assessments_are_reported_in_the_year_they_end_or_if_open_the_year_they_start(staff):
    ep = episode(person("ASSESS1"), "2024-09-02")
    assessment(staff, ep, "2024-09-03", "2024-10-30")  # done last year: 2024-25's (8696)
    assessment(staff, ep, "2025-03-03", "2025-04-17")  # started last year, done this year
    assessment(staff, ep, "2026-02-23", "2026-04-08")  # done after the year end: open
    assessment(staff, ep, "2026-04-20")  # started after the year end: next year's
    cin = child_el(census(), "ASSESS1").find("CINdetails")
    reported = [(a.findtext("AssessmentActualStartDate"),
                 a.findtext("AssessmentAuthorisationDate"),
                 texts(a, "FactorsIdentifiedAtAssessment/AssessmentFactors"))
                for a in cin.findall("Assessments")]
    assert reported == [("2025-03-03", "2025-04-17", ["16A"]), ("2026-02-23", None, [])]


def test_enquiries_are_reported_by_their_conference_or_else_their_start(staff):
    child = person("S47A")
    ep = episode(child, "2024-12-02")
    assessment(staff, ep, "2024-12-03", "2025-01-24")
    # Started in 2024-25, conference in 2025-26: reported this year (8715).
    plan = icpc(staff, enquiry(staff, ep, "2025-03-24"), "2025-04-10")
    review(staff, plan, "2025-07-03", ends=True)
    # Started and conference after the year end: none of this year's business.
    s47 = enquiry(staff, ep, "2026-03-16")
    icpc(staff, s47, "2026-04-02")
    cin = child_el(census(), "S47A").find("CINdetails")
    enquiries = [(s.findtext("S47ActualStartDate"), s.findtext("DateOfInitialCPC"),
                  s.findtext("ICPCnotRequired")) for s in cin.findall("Section47")]
    # The second enquiry had no conference by 31 March: reported open (8740, 8675Q).
    assert enquiries == [("2025-03-24", "2025-04-10", "0"), ("2026-03-16", None, "0")]
    # Only the plan that had started by 31 March.
    assert texts(cin, "ChildProtectionPlans/CPPstartDate") == ["2025-04-10"]
    # 2024-25 saw the first enquiry open, with no conference yet.
    last = child_el(census(2025), "S47A").find("CINdetails")
    assert [(s.findtext("S47ActualStartDate"), s.findtext("DateOfInitialCPC"))
            for s in last.findall("Section47")] == [("2025-03-24", None)]
    assert last.find("ChildProtectionPlans") is None


def test_an_enquiry_whose_conference_was_last_year_is_not_reported_again(staff):
    ep = episode(person("S47B"), "2024-10-07")
    assessment(staff, ep, "2024-10-08", "2024-11-22")
    plan = icpc(staff, enquiry(staff, ep, "2024-10-14"), "2024-11-01")
    review(staff, plan, "2025-01-30")
    cin = child_el(census(), "S47B").find("CINdetails")
    assert cin.find("Section47") is None
    (cpp,) = cin.findall("ChildProtectionPlans")  # the plan runs on into the year
    assert cpp.findtext("CPPstartDate") == "2024-11-01"
    # Reviews held in the year only; none yet this year.
    assert cpp.find("Reviews") is None


def test_a_plan_is_reported_as_it_stood_on_31_march(staff):
    ep = episode(person("CPP1"), "2025-06-02")
    assessment(staff, ep, "2025-06-03", "2025-07-18")
    plan = icpc(staff, enquiry(staff, ep, "2025-06-09"), "2025-06-27", category="NEG")
    review(staff, plan, "2025-09-25", category="EMO")
    review(staff, plan, "2026-04-23", category="MUL", ends=True)  # after the year end
    cpp = child_el(census(), "CPP1").find("CINdetails/ChildProtectionPlans")
    assert cpp.find("CPPendDate") is None
    assert cpp.findtext("LatestCategoryOfAbuse") == "EMO"  # not MUL, decided in April
    assert texts(cpp, "Reviews/CPPreviewDate") == ["2025-09-25"]


def test_child_in_need_plans_overlapping_the_year_are_reported(staff):
    ep = episode(person("CINP1"), "2024-06-03")
    assessment(staff, ep, "2024-06-04", "2024-07-12")
    cin_plan(staff, ep, "2024-07-15", "2025-03-31")  # ended last year
    cin_plan(staff, ep, "2025-04-01", "2026-04-30")  # ends after the year end
    cin = child_el(census(), "CINP1").find("CINdetails")
    assert [(p.findtext("CINPlanStartDate"), p.findtext("CINPlanEndDate"))
            for p in cin.findall("CINPlanDates")] == [("2025-04-01", None)]


def test_an_enquiry_during_a_plan_needs_no_initial_conference(staff):
    ep = episode(person("DUR1"), "2025-04-07")
    assessment(staff, ep, "2025-04-08", "2025-05-16")
    plan = icpc(staff, enquiry(staff, ep, "2025-04-14"), "2025-05-02")
    enquiry(staff, ep, "2025-09-15")  # still open at the year end, the plan too
    review(staff, plan, "2025-08-01")
    cin = child_el(census(), "DUR1").find("CINdetails")
    assert [(s.findtext("S47ActualStartDate"), s.findtext("DateOfInitialCPC"),
             s.findtext("ICPCnotRequired")) for s in cin.findall("Section47")] == [
        ("2025-04-14", "2025-05-02", "0"), ("2025-09-15", None, "1"),
    ]


def test_an_enquiry_after_a_plan_ended_still_awaits_its_conference(staff):
    ep = episode(person("AFT1"), "2025-04-07")
    assessment(staff, ep, "2025-04-08", "2025-05-16")
    plan = icpc(staff, enquiry(staff, ep, "2025-04-14"), "2025-05-02")
    review(staff, plan, "2025-08-01", ends=True)
    enquiry(staff, ep, "2025-08-01")  # the day the plan ended
    cin = child_el(census(), "AFT1").find("CINdetails")
    assert texts(cin, "Section47/ICPCnotRequired") == ["0", "0"]


def test_a_transfer_in_conference_from_last_year_is_not_this_years_initial_conference(staff):
    ep = episode(person("TIN1"), "2025-02-03", source="5C")
    cp_plan(conference(staff, ep, ConferenceKind.TRANSFER_IN, "2025-02-13"), previous=2)
    cin = child_el(census(), "TIN1").find("CINdetails")
    assert cin.find("DateOfInitialCPC") is None
    assert cin.findtext("ChildProtectionPlans/NumberOfPreviousCPP") == "2"
    assert child_el(census(2025), "TIN1").findtext("CINdetails/DateOfInitialCPC") == "2025-02-13"


# --- the child ----------------------------------------------------------------------------


def test_a_child_born_after_31_march_was_unborn_on_it(staff):
    episode(person("BABY1", born=D("2026-04-12"), sex="F", school_age=False), "2026-01-05",
            source="3B")
    ids_el = child_el(census(), "BABY1").find("ChildIdentifiers")
    assert ids_el.find("PersonBirthDate") is None
    assert ids_el.findtext("ExpectedPersonBirthDate") == "2026-04-12"
    assert ids_el.findtext("Sex") == "U"  # 8750


def test_a_death_after_31_march_is_not_yet_known(staff):
    episode(person("DIED1", born=D("2012-02-02"), died=D("2026-05-01")), "2025-05-06")
    assert child_el(census(), "DIED1").find("ChildIdentifiers/PersonDeathDate") is None


def test_censuses_before_2024_25_record_gender_current_not_sex(staff):
    episode(person("G1", sex="M"), "2023-06-05")
    episode(person("G2", sex="F"), "2023-06-05")
    episode(person("G3", sex="U"), "2023-06-05")
    root = census(2024)
    assert texts(root, "Children/Child/ChildIdentifiers/GenderCurrent") == ["1", "2", "0"]
    assert root.find(".//Sex") is None
    assert texts(census(2025), "Children/Child/ChildIdentifiers/Sex") == ["M", "F", "U"]


def test_no_disability_recorded_is_reported_as_none_and_none_stands_alone(staff):
    episode(person("DIS1"), "2025-05-06")
    episode(person("DIS2", disabilities=("HEAR", "AUT")), "2025-05-06")
    root = census()
    assert texts(child_el(root, "DIS1"), ".//Disability") == ["NONE"]
    assert texts(child_el(root, "DIS2"), ".//Disability") == ["HEAR", "AUT"]


# --- the file -------------------------------------------------------------------------------


def test_the_header_says_what_whose_and_when(staff, settings):
    settings.OPENCSC_LA_CODE = "895"
    episode(person("H1"), "2025-05-06")
    header = census().find("Header")
    assert [(e.tag, e.text) for e in header.find("CollectionDetails")] == [
        ("Collection", "CIN"), ("Year", "2026"), ("ReferenceDate", "2026-03-31"),
    ]
    source = header.find("Source")
    assert [e.tag for e in source] == [
        "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime",
    ]
    assert source.findtext("SourceLevel") == "L" and source.findtext("LEA") == "895"
    assert source.findtext("SoftwareCode") == "OpenCSC"
    assert re.fullmatch(r"\d+\.\d+.*", source.findtext("Release"))
    assert source.findtext("SerialNo") == "001"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", source.findtext("DateTime"))


def test_the_file_is_utf8_xml_without_a_namespace(staff):
    episode(person("NS1"), "2025-05-06")
    content = build_cin_census(year=2026)
    assert content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Message>')
    assert etree.fromstring(content).tag == "Message"


def test_a_year_not_yet_begun_is_refused(db):
    with pytest.raises(ValueError, match="nothing to report yet"):
        census_period(2027, today=dt.date(2026, 3, 31))
    assert census_period(2027, today=dt.date(2026, 4, 1)).end == dt.date(2027, 3, 31)


def test_progress_is_reported_while_reading_and_writing(staff):
    episode(person("P1"), "2025-05-06")
    seen = []
    build_cin_census(year=2026, progress=lambda stage, done, total: seen.append((stage, done,
                                                                                 total)))
    stages = list(dict.fromkeys(s for s, _, _ in seen))
    assert stages == ["Reading the case records", "Writing the census"]
    assert seen[-1] == ("Writing the census", 1, 1)


def test_the_census_takes_the_same_queries_however_many_children(staff):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            build_cin_census(year=2026)
        return len(ctx.captured_queries)

    episode(person("Q1"), "2025-05-06")
    few = queries()
    build_authority()
    assert queries() == few == 8


# --- the schema ------------------------------------------------------------------------------

# Our own reading of the DfE 2025-26 CIN census schema: element order, how often each may
# appear, and value formats (dates, 0/1 flags, Sex M/F/U, UPN, positive counts).
XSD_2026 = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
 <xs:simpleType name="flag"><xs:restriction base="xs:string">
  <xs:enumeration value="0"/><xs:enumeration value="1"/></xs:restriction></xs:simpleType>
 <xs:simpleType name="code"><xs:restriction base="xs:string">
  <xs:pattern value="[A-Z0-9]{1,4}"/></xs:restriction></xs:simpleType>
 <xs:element name="Message"><xs:complexType><xs:sequence>
  <xs:element name="Header"><xs:complexType><xs:sequence>
   <xs:element name="CollectionDetails"><xs:complexType><xs:sequence>
    <xs:element name="Collection" fixed="CIN"/>
    <xs:element name="Year" type="xs:gYear"/>
    <xs:element name="ReferenceDate" type="xs:date"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="Source"><xs:complexType><xs:sequence>
    <xs:element name="SourceLevel" fixed="L"/>
    <xs:element name="LEA"><xs:simpleType><xs:restriction base="xs:string">
     <xs:pattern value="\\d{3}"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="SoftwareCode" type="xs:string"/>
    <xs:element name="Release" type="xs:string"/>
    <xs:element name="SerialNo"><xs:simpleType><xs:restriction base="xs:string">
     <xs:pattern value="\\d{3}\\d*"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="DateTime" type="xs:dateTime"/>
   </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
  <xs:element name="Children"><xs:complexType><xs:sequence>
   <xs:element name="Child" maxOccurs="unbounded"><xs:complexType><xs:sequence>
    <xs:element name="ChildIdentifiers"><xs:complexType><xs:sequence>
     <xs:element name="LAchildID"><xs:simpleType><xs:restriction base="xs:string">
      <xs:pattern value="[A-Za-z0-9]{1,20}"/></xs:restriction></xs:simpleType></xs:element>
     <xs:element name="UPN" minOccurs="0"><xs:simpleType><xs:restriction base="xs:string">
      <xs:pattern value="[A-Za-z]\\d{11}(\\d|[A-Za-z])"/></xs:restriction></xs:simpleType>
     </xs:element>
     <xs:element name="FormerUPN" minOccurs="0" type="xs:string"/>
     <xs:element name="UPNunknown" minOccurs="0"><xs:simpleType>
      <xs:restriction base="xs:string"><xs:pattern value="UN[1-7]"/></xs:restriction>
     </xs:simpleType></xs:element>
     <xs:element name="PersonBirthDate" minOccurs="0" type="xs:date"/>
     <xs:element name="ExpectedPersonBirthDate" minOccurs="0" type="xs:date"/>
     <xs:element name="Sex"><xs:simpleType><xs:restriction base="xs:string">
      <xs:enumeration value="M"/><xs:enumeration value="F"/><xs:enumeration value="U"/>
     </xs:restriction></xs:simpleType></xs:element>
     <xs:element name="PersonDeathDate" minOccurs="0" type="xs:date"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="ChildCharacteristics"><xs:complexType><xs:sequence>
     <xs:element name="Ethnicity" type="code"/>
     <xs:element name="Disabilities" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="Disability" type="code" maxOccurs="unbounded"/>
     </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="CINdetails" maxOccurs="unbounded"><xs:complexType><xs:sequence>
     <xs:element name="CINreferralDate" type="xs:date"/>
     <xs:element name="ReferralSource" type="code"/>
     <xs:element name="PrimaryNeedCode" minOccurs="0" type="code"/>
     <xs:element name="CINclosureDate" minOccurs="0" type="xs:date"/>
     <xs:element name="ReasonForClosure" minOccurs="0" type="code"/>
     <xs:element name="DateOfInitialCPC" minOccurs="0" type="xs:date"/>
     <xs:element name="Assessments" minOccurs="0" maxOccurs="unbounded">
      <xs:complexType><xs:sequence>
       <xs:element name="AssessmentActualStartDate" type="xs:date"/>
       <xs:element name="AssessmentInternalReviewDate" minOccurs="0" type="xs:date"/>
       <xs:element name="AssessmentAuthorisationDate" minOccurs="0" type="xs:date"/>
       <xs:element name="FactorsIdentifiedAtAssessment" minOccurs="0"><xs:complexType>
        <xs:sequence><xs:element name="AssessmentFactors" type="code" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
     <xs:element name="CINPlanDates" minOccurs="0" maxOccurs="unbounded">
      <xs:complexType><xs:sequence>
       <xs:element name="CINPlanStartDate" type="xs:date"/>
       <xs:element name="CINPlanEndDate" minOccurs="0" type="xs:date"/>
      </xs:sequence></xs:complexType></xs:element>
     <xs:element name="Section47" minOccurs="0" maxOccurs="unbounded">
      <xs:complexType><xs:sequence>
       <xs:element name="S47ActualStartDate" type="xs:date"/>
       <xs:element name="InitialCPCtarget" minOccurs="0" type="xs:date"/>
       <xs:element name="DateOfInitialCPC" minOccurs="0" type="xs:date"/>
       <xs:element name="ICPCnotRequired" type="flag"/>
      </xs:sequence></xs:complexType></xs:element>
     <xs:element name="ReferralNFA" type="flag"/>
     <xs:element name="ChildProtectionPlans" minOccurs="0" maxOccurs="unbounded">
      <xs:complexType><xs:sequence>
       <xs:element name="CPPstartDate" type="xs:date"/>
       <xs:element name="CPPendDate" minOccurs="0" type="xs:date"/>
       <xs:element name="InitialCategoryOfAbuse" type="code"/>
       <xs:element name="LatestCategoryOfAbuse" type="code"/>
       <xs:element name="NumberOfPreviousCPP" type="xs:nonNegativeInteger"/>
       <xs:element name="Reviews" minOccurs="0"><xs:complexType><xs:sequence>
        <xs:element name="CPPreviewDate" type="xs:date" maxOccurs="unbounded"/>
       </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
   </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
 </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""


def test_the_census_has_the_shape_of_the_2025_26_schema(db):
    build_authority()
    schema = etree.XMLSchema(etree.fromstring(XSD_2026.encode()))
    document = etree.fromstring(build_cin_census(year=2026))
    assert schema.validate(document), schema.error_log


# --- the command line -----------------------------------------------------------------------


def test_the_return_command_writes_the_census_and_says_what_is_in_it(staff, tmp_path, capsys):
    ep = episode(person("CLI1"), "2025-05-06")
    assessment(staff, ep, "2025-05-07", "2025-06-13")
    episode(person("CLI2"), "2024-05-06", closed="2025-05-01", reason="RC7")
    out = tmp_path / "census.xml"
    assert cli.main(["return", "cin", "--year", "2026", "--out", str(out)]) == 0
    assert ids(etree.fromstring(out.read_bytes())) == ["CLI1", "CLI2"]
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(
        rf"CIN census 2025-26: 2 children, 2 episodes in \d+\.\ds -> {re.escape(str(out))}",
        line,
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "2099"], "starts on 1 April 2098: there is nothing to report yet"),
        (["--year", "1999"], "is too early"),
    ],
)
def test_the_return_command_refuses_a_year_it_cannot_report_in_one_line(
    db, tmp_path, capsys, argv, message
):
    out = tmp_path / "census.xml"
    assert cli.main(["return", "cin", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("opencsc: ") and message in err and "\n" not in err
    assert not out.exists()


def test_the_return_command_refuses_a_folder_that_is_not_there(db, tmp_path, capsys):
    out = tmp_path / "missing" / "census.xml"
    assert cli.main(["return", "cin", "--year", "2026", "--out", str(out)]) == 2
    assert "there is no folder" in capsys.readouterr().err


def test_the_return_command_refuses_annex_a_for_a_day_still_to_come(db, tmp_path, capsys):
    out = tmp_path / "annex.xlsx"
    argv = ["return", "annex-a", "--as-of", "2999-01-01", "--out", str(out)]
    assert cli.main(argv) == 2
    assert "opencsc: --as-of 2999-01-01 is in the future" in capsys.readouterr().err
    assert not out.exists()
