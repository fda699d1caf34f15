"""The Children in Need census as XML, to the DfE's schema for the collection year.

Element names, their order and their value formats follow the DfE CIN census XSD (the
2025-26 one, as kept in SocialFinanceDigitalLabs/liia-tools-pipeline
``cin_census_pipeline/spec/CIN_schema_2026.xsd``) and what the DfE validator
(data-to-insight/csc-validator-be-cin ``ingress.py``) reads:

- no namespace; dates ``YYYY-MM-DD``; the header's DateTime ``YYYY-MM-DDThh:mm:ss``;
- flags (ReferralNFA, ICPCnotRequired) as ``1``/``0``: the 2025-26 schema allows only
  those, and validator rules 8740 and 2885 compare with ``"0"``/``"1"``;
- 2024-25 onwards: ``Sex`` M/F/U (U for an unborn child, 8750); before, ``GenderCurrent``
  1 male, 2 female, 0 not recorded or unborn, in the same place;
- within CINdetails: CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate,
  ReasonForClosure, DateOfInitialCPC, Assessments*, CINPlanDates*, Section47*,
  ReferralNFA, ChildProtectionPlans* (ReferralNFA after Section47: the schema's order);
- one ``Reviews`` block per plan holding every CPPreviewDate (the schema allows one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from lxml import etree

from opencsc.core.codes import Ethnicity, Sex
from opencsc.returns.cin_census_data import (
    CensusChild,
    CensusEpisode,
    CensusPeriod,
)

__all__ = ["census_xml", "FIRST_SEX_YEAR", "WRITING"]

#: Sex (M/F/U) replaced GenderCurrent in the 2024-25 census (validator cin2024_25 4180).
FIRST_SEX_YEAR = 2025
WRITING = "Writing the census"
#: Report progress every this many children.
PROGRESS_EVERY = 250

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_GENDER_CURRENT: dict[str, str] = {Sex.MALE: "1", Sex.FEMALE: "2", Sex.UNKNOWN: "0"}

Progress = Callable[[str, int, int], None]


def _text(parent: etree._Element, tag: str, value: object) -> None:
    el = etree.SubElement(parent, tag)
    el.text = value.isoformat() if isinstance(value, dt.date) else str(value)


def _opt(parent: etree._Element, tag: str, value: object) -> None:
    """An optional element: written only when there is a value."""
    if value is not None and value != "":
        _text(parent, tag, value)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _header(root: etree._Element, *, period: CensusPeriod, la_code: str, release: str,
            serial_no: int, created: dt.datetime) -> None:
    header = etree.SubElement(root, "Header")
    details = etree.SubElement(header, "CollectionDetails")
    _text(details, "Collection", "CIN")
    _text(details, "Year", period.year)
    _text(details, "ReferenceDate", period.end)  # CIN census 100: 31 March of the Year
    source = etree.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", la_code)
    _text(source, "SoftwareCode", "OpenCSC")
    _text(source, "Release", release)
    _text(source, "SerialNo", f"{serial_no:03d}")
    _text(source, "DateTime", created.replace(microsecond=0, tzinfo=None).isoformat())


def _identifiers(parent: etree._Element, child: CensusChild, *, year: int) -> None:
    ids = etree.SubElement(parent, "ChildIdentifiers")
    _text(ids, "LAchildID", child.la_child_id)
    _opt(ids, "UPN", child.upn)
    _opt(ids, "UPNunknown", child.upn_unknown)
    _opt(ids, "PersonBirthDate", child.birth_date)
    _opt(ids, "ExpectedPersonBirthDate", child.expected_birth_date)
    # CIN census 8750: an unborn child's sex is not known.
    sex = Sex.UNKNOWN if child.unborn else (child.sex or Sex.UNKNOWN)
    if year >= FIRST_SEX_YEAR:
        _text(ids, "Sex", sex)
    else:
        _text(ids, "GenderCurrent", _GENDER_CURRENT.get(sex, "0"))
    _opt(ids, "PersonDeathDate", child.death_date)


def _characteristics(parent: etree._Element, child: CensusChild) -> None:
    chars = etree.SubElement(parent, "ChildCharacteristics")
    # CIN census 4220: ethnicity is required; none recorded yet is "not yet obtained".
    _text(chars, "Ethnicity", child.ethnicity or Ethnicity.NOT_OBTAINED)
    # CIN census 8540: a born child's disabilities, NONE when none is recorded. An unborn
    # child's cannot be known yet, and the rule does not ask for them.
    codes = child.disabilities or ([] if child.unborn else ["NONE"])
    if codes:
        block = etree.SubElement(chars, "Disabilities")
        for code in codes:
            _text(block, "Disability", code)


def _episode(parent: etree._Element, episode: CensusEpisode) -> None:
    cin = etree.SubElement(parent, "CINdetails")
    _text(cin, "CINreferralDate", episode.referral_date)
    _text(cin, "ReferralSource", episode.source)
    _opt(cin, "PrimaryNeedCode", episode.primary_need)
    _opt(cin, "CINclosureDate", episode.closure_date)
    _opt(cin, "ReasonForClosure", episode.closure_reason)
    _opt(cin, "DateOfInitialCPC", episode.icpc)
    for assessment in episode.assessments:
        block = etree.SubElement(cin, "Assessments")
        _text(block, "AssessmentActualStartDate", assessment.start)
        _opt(block, "AssessmentAuthorisationDate", assessment.authorised)
        if assessment.factors:
            factors = etree.SubElement(block, "FactorsIdentifiedAtAssessment")
            for factor in assessment.factors:
                _text(factors, "AssessmentFactors", factor)
    for plan in episode.cin_plans:
        block = etree.SubElement(cin, "CINPlanDates")
        _text(block, "CINPlanStartDate", plan.start)
        _opt(block, "CINPlanEndDate", plan.end)
    for enquiry in episode.section47s:
        block = etree.SubElement(cin, "Section47")
        _text(block, "S47ActualStartDate", enquiry.start)
        _text(block, "InitialCPCtarget", enquiry.target)
        _opt(block, "DateOfInitialCPC", enquiry.icpc)
        _text(block, "ICPCnotRequired", _flag(enquiry.not_required))
    _text(cin, "ReferralNFA", _flag(episode.referral_nfa))
    for cpp in episode.cp_plans:
        block = etree.SubElement(cin, "ChildProtectionPlans")
        _text(block, "CPPstartDate", cpp.start)
        _opt(block, "CPPendDate", cpp.end)
        _text(block, "InitialCategoryOfAbuse", cpp.initial_category)
        _text(block, "LatestCategoryOfAbuse", cpp.latest_category)
        _text(block, "NumberOfPreviousCPP", cpp.previous)
        if cpp.reviews:
            reviews = etree.SubElement(block, "Reviews")
            for held_on in cpp.reviews:
                _text(reviews, "CPPreviewDate", held_on)


def census_xml(
    children: Iterable[CensusChild],
    *,
    period: CensusPeriod,
    la_code: str,
    release: str,
    serial_no: int,
    created: dt.datetime,
    progress: Progress | None = None,
) -> bytes:
    """The census file: UTF-8 XML with its declaration, indented for people to read."""
    children = list(children)
    report = progress or (lambda stage, done, total: None)
    root = etree.Element("Message")
    _header(
        root, period=period, la_code=la_code, release=release, serial_no=serial_no,
        created=created,
    )
    block = etree.SubElement(root, "Children")
    total = len(children)
    report(WRITING, 0, total)
    for done, child in enumerate(children, start=1):
        el = etree.SubElement(block, "Child")
        _identifiers(el, child, year=period.year)
        _characteristics(el, child)
        for episode in child.episodes:
            _episode(el, episode)
        if done % PROGRESS_EVERY == 0:
            report(WRITING, done, total)
    report(WRITING, total, total)
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)
    return XML_DECLARATION + body
