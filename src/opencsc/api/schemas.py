"""The API's request and response shapes (pydantic, through django-ninja)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import Field, field_validator, model_validator

from opencsc.core.codes import ConsentStatus, ReferralSource, Sex
from opencsc.core.identifiers import nhs_number_problem, normalise_nhs_number

# ---------------------------------------------------------------------------
# Errors


class FieldError(Schema):
    field: str = Field(description="The field in error; nested fields dotted: child.date_of_birth")
    message: str = Field(description="What to fix")


class ErrorsOut(Schema):
    errors: list[FieldError]


class DetailOut(Schema):
    detail: str


# ---------------------------------------------------------------------------
# A child's record


class CodeOut(Schema):
    code: str
    label: str


class EpisodeOut(Schema):
    id: int
    referral_date: dt.date
    referral_source: str
    primary_need: str
    is_re_referral: bool
    referral_nfa: bool


class AllocationOut(Schema):
    team: str
    worker: str | None
    role: str
    start_date: dt.date
    end_date: dt.date | None


class AssessmentOut(Schema):
    id: int
    episode_id: int
    status: str
    status_label: str
    start_date: dt.date
    due_date: dt.date
    authorised_on: dt.date | None
    outcome: str


class ChildOut(Schema):
    id: int
    la_child_id: str
    first_name: str
    middle_names: str
    last_name: str
    preferred_name: str
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None
    date_of_death: dt.date | None
    sex: str
    gender_identity: str
    ethnicity: str
    first_language: str
    religion: str
    uasc: bool
    nhs_number: str
    upn: str
    upn_unknown_reason: str
    postcode: str
    disabilities: list[CodeOut]
    open_episode: EpisodeOut | None
    allocations: list[AllocationOut]
    assessments: list[AssessmentOut]


# ---------------------------------------------------------------------------
# Recording a contact


class ContactChildIn(Schema):
    """Who the contact is about. Matched to an existing record by NHS number, or by exact
    name and date of birth; otherwise a new record is created."""

    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    date_of_birth: dt.date | None = Field(None, description="YYYY-MM-DD")
    expected_date_of_birth: dt.date | None = Field(
        None, description="YYYY-MM-DD, for an unborn child (instead of date_of_birth)"
    )
    nhs_number: str = Field("", max_length=14, description="10 digits; spaces allowed")
    postcode: str = Field("", max_length=8)
    sex: Sex = Sex.UNKNOWN

    @field_validator("first_name", "last_name", "postcode", "nhs_number", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("nhs_number")
    @classmethod
    def valid_nhs_number(cls, value: str) -> str:
        if not value:
            return ""
        problem = nhs_number_problem(value)
        if problem:
            raise ValueError(problem)
        return normalise_nhs_number(value)

    @model_validator(mode="after")
    def born_or_expected(self) -> ContactChildIn:
        # CIN census 8525Q: an unborn child has an expected date of birth instead.
        if self.date_of_birth and self.expected_date_of_birth:
            raise ValueError("Give either date_of_birth or expected_date_of_birth, not both")
        if not self.date_of_birth and not self.expected_date_of_birth:
            raise ValueError(
                "Give the child's date_of_birth, or expected_date_of_birth for an unborn child"
            )
        return self


class ContactIn(Schema):
    child: ContactChildIn
    source: ReferralSource | None = Field(
        None,
        description="CIN census referral source code. Ignored when the calling account "
        "speaks for an agency: its own source is used.",
    )
    referrer_name: str = Field(min_length=1, max_length=200)
    referrer_organisation: str = Field("", max_length=200)
    referrer_phone: str = Field("", max_length=40)
    referrer_email: str = Field("", max_length=254)
    presenting_concerns: str = Field(min_length=1)
    consent: ConsentStatus
    consent_notes: str = ""

    @field_validator("referrer_name", "presenting_concerns", "referrer_email", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("referrer_email")
    @classmethod
    def email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as exc:
                raise ValueError("Enter an email address like name@example.org") from exc
        return value


class ContactCreatedOut(Schema):
    contact_id: int
    received_at: dt.datetime
    decision_due_at: dt.datetime = Field(
        description="WT2023 ch.3: the front door decides the response within 1 working day"
    )


# ---------------------------------------------------------------------------
# A worker's work


class DeadlineOut(Schema):
    """A child protection or plan timescale: conference, core group, visit, review or
    overdue plan actions (the same as the worklist row shows)."""

    kind: str
    label: str
    due_date: dt.date
    working_days_remaining: int


class CaseRowOut(Schema):
    child_id: int
    name: str
    date_of_birth: dt.date | None
    age: int | None
    team: str
    allocation_role: str
    referral_date: dt.date | None
    assessment_id: int | None
    assessment_status: str
    assessment_due: dt.date | None
    working_days_remaining: int | None
    urgency: str
    last_oversight_at: dt.datetime | None
    last_supervision_on: dt.date | None
    circumstances_changed: bool
    deadlines: list[DeadlineOut]


class AuthorisationOut(Schema):
    assessment_id: int
    child_id: int
    child_name: str
    worker_name: str
    submitted_at: dt.datetime | None
    due_date: dt.date
    working_days_remaining: int


class ContactRowOut(Schema):
    contact_id: int
    child_id: int
    child_name: str
    received_at: dt.datetime
    decision_due_at: dt.datetime
    source: str
    is_overdue: bool


class TeamSummaryOut(Schema):
    team_id: int | None
    team: str
    open_assessments: int
    overdue_assessments: int
    contacts_awaiting: int
    contacts_overdue: int


class WorkOut(Schema):
    kind: str = Field(description="caseload, front_door, summary or none")
    page: int
    pages: int
    count: int
    children: list[CaseRowOut]
    awaiting_authorisation: list[AuthorisationOut]
    contacts: list[ContactRowOut]
    summary: list[TeamSummaryOut]
