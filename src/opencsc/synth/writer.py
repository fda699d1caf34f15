"""Replay a planned authority through the same services as the UI.

Every case record is written by the service a practitioner's form would call, so the
synthetic authority obeys every rule the real one does (and a rule the plan breaks
fails loudly here). Writes are grouped into one transaction per batch of families:
the services' own ``transaction.atomic`` become savepoints, and nothing is committed
half-way through a family.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from faker import Faker

from opencsc.accounts.models import Team, User
from opencsc.assessments import services as assessments
from opencsc.casework import episodes
from opencsc.casework import services as casework
from opencsc.casework.models import CINEpisode
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import EarlyHelpEpisode
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.synth import texts
from opencsc.synth.care_writer import care_steps
from opencsc.synth.journeys import (
    Plan,
    PlannedContact,
    PlannedEarlyHelp,
    PlannedReferral,
    at,
)
from opencsc.synth.organisation import PlannedWorker
from opencsc.synth.population import Family, PlannedPerson
from opencsc.synth.protection_writer import protection_steps

__all__ = ["Writer", "WriteError"]

_CONSENT_NOTES = {
    "not_sought_risk": "Asking the parents could put the child at risk: the concern is about "
    "a parent's partner in the household.",
    "not_sought_delay": "Seeking consent would delay the response to an urgent concern.",
    "not_sought_crime": "Police advise that seeking consent could prejudice their "
    "investigation.",
}
_WITHOUT_INFO = {
    "referral": "The risk described means the decision cannot wait for every agency; "
    "outstanding checks will be followed up by the allocated worker.",
    "other": "A single concern at universal level: full agency checks are not proportionate.",
    "open": "The case is open to an allocated team; passed to them.",
}
_HANDOVER = (
    "Taken out of hours. Child safe overnight per police; needs a front door decision "
    "today. Details as recorded on the contact."
)
_SCHOOL_PREFIX = ["St Mary's", "St John's", "Holy Trinity", "Christ Church", "St Peter's"]


_FAKER = Faker("en_GB")


def _name(rng: random.Random) -> tuple[str, str]:
    """A made-up professional's name, drawn from ``rng`` (deterministic)."""
    _FAKER.seed_instance(rng.randrange(2**31))
    return _FAKER.first_name(), _FAKER.last_name()


class WriteError(RuntimeError):
    """A service refused part of the plan: a bug in the generator (or a new rule)."""




@dataclass(slots=True)
class _Ctx:
    """Per-family memory: the records created, and the child's current allocation."""

    persons: dict[int, Person] = field(default_factory=dict)
    allocation: dict[int, tuple[int, int | None]] = field(default_factory=dict)


class Writer:
    def __init__(self, plan: Plan, *, users: dict[int, User], teams: dict[int, Team]) -> None:
        self.plan = plan
        self.users = users  # PlannedWorker.key -> User
        self.teams = teams  # PlannedTeam.key -> Team
        self.as_of = plan.as_of

    # -- helpers ---------------------------------------------------------------

    def _u(self, worker):  # noqa: ANN001, ANN202
        return self.users[worker.key]

    def _t(self, team):  # noqa: ANN001, ANN202
        return self.teams[team.key]

    @staticmethod
    def _rng(family: Family, *parts: int) -> random.Random:
        seed = family.seed
        for part in parts:
            seed = (seed * 1_000_003 + part) & 0xFFFFFFFFFFFF
        return random.Random(seed)

    def _school(self, family: Family, child: PlannedPerson) -> str:
        rng = self._rng(family, 7, child.key)
        age = 0.0
        if child.date_of_birth:
            age = (self.as_of - child.date_of_birth).days / 365.25
        stem = rng.choice(_SCHOOL_PREFIX) if rng.random() < 0.2 else family.postcode.town
        if age >= 11:
            kind = rng.choice(["High School", "Academy", "Catholic High School"])
        else:
            kind = rng.choice(texts.SCHOOL_TYPES[:2] + texts.SCHOOL_TYPES[3:])
        return f"{stem} {kind}"

    def _ctx(self, family: Family, child: PlannedPerson, on: date) -> texts.TextContext:
        mother = family.parents[0]
        born = child.date_of_birth or child.expected_date_of_birth or on
        return texts.TextContext(
            child=child.first_name,
            age=max(0, int((on - born).days / 365.25)),
            parent="mum",
            parent_name=mother.first_name,
            town=family.postcode.town,
            school=self._school(family, child),
        )

    # -- a family ----------------------------------------------------------------

    def write_family(self, family: Family) -> None:
        ctx = _Ctx()
        children = [c for c in family.children if c.needed]
        first = min((c.contacts[0] for c in children), key=lambda c: c.received_at)
        actor = self._u(first.taker)
        try:
            self._people(family, children, actor, ctx)
            for child in children:
                for contact in sorted(child.contacts, key=lambda c: (c.received_at, c.key)):
                    self._contact(family, contact, ctx)
                if child.birth is not None:
                    self._birth(child, actor, ctx)
        except ValidationError as exc:
            raise WriteError(f"family {family.key}: {exc}") from exc

    def _people(self, family: Family, children: list[PlannedPerson], actor, ctx: _Ctx) -> None:  # noqa: ANN001
        postcode, town = family.postcode.postcode, family.postcode.town
        for parent in family.parents:
            ctx.persons[parent.key] = people.person_create(
                actor=actor,
                first_name=parent.first_name,
                last_name=parent.last_name,
                sex=parent.sex,
                date_of_birth=parent.date_of_birth,
                ethnicity=parent.ethnicity,
                nhs_number=parent.nhs_number,
                postcode=postcode,
            )
        for child in children:
            person = people.person_create(
                actor=actor,
                first_name=child.first_name,
                last_name=child.last_name,
                sex=child.sex,
                date_of_birth=child.date_of_birth,
                expected_date_of_birth=child.expected_date_of_birth,
                ethnicity=child.ethnicity,
                nhs_number=child.nhs_number,
                upn=child.upn,
                upn_unknown_reason=child.upn_unknown_reason,
                postcode=postcode,
            )
            ctx.persons[child.key] = person
            if child.date_of_birth is not None:
                people.address_add(
                    actor=actor,
                    person=person,
                    line1=family.line1,
                    postcode=postcode,
                    town=town,
                    start_date=max(family.moved_in, child.date_of_birth),
                )
            if child.disabilities:
                people.person_set_disabilities(actor=actor, person=person, codes=child.disabilities)
            for parent in family.parents:
                people.relationship_add(
                    actor=actor,
                    person=ctx.persons[parent.key],
                    relative=person,
                    kind=parent.role,
                    parental_responsibility=parent.role == "mother" or len(family.parents) == 2,
                    lives_with=parent.role == "mother" or family.key % 3 != 0,
                )
        for i, a in enumerate(children):
            for b in children[i + 1 :]:
                people.relationship_add(
                    actor=actor,
                    person=ctx.persons[a.key],
                    relative=ctx.persons[b.key],
                    kind="sibling",
                    lives_with=True,
                )

    def _birth(self, child: PlannedPerson, actor, ctx: _Ctx) -> None:  # noqa: ANN001
        born, sex, first_name = child.birth  # type: ignore[misc]
        person = ctx.persons[child.key]
        person.refresh_from_db(fields=["version"])  # type: ignore[attr-defined]
        people.person_update(
            actor=actor,
            person=person,
            expected_version=person.version,  # type: ignore[attr-defined]
            date_of_birth=born,
            expected_date_of_birth=None,
            sex=sex,
            first_name=first_name,
        )

    # -- a contact -----------------------------------------------------------------

    def _referrer(self, family: Family, c: PlannedContact) -> dict[str, str]:
        rng = self._rng(family, 11, int(c.received_at.timestamp()))
        first, last = _name(rng)
        phone = f"01632 960{rng.randrange(1000):03d}"
        handle = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        s = c.source
        if s == "6":
            return {"referrer_name": f"PC {first} {last}", "referrer_organisation":
                    "Cheshire Constabulary", "referrer_phone": "101",
                    "referrer_email": f"{handle}@police.example"}
        if s[:1] == "2":
            school = self._school(family, c.child)
            return {"referrer_name": f"{first} {last}", "referrer_organisation": school,
                    "referrer_phone": phone, "referrer_email": f"{handle}@school.example"}
        if s[:1] == "3":
            org = {"3A": f"{family.postcode.town} Medical Centre",
                   "3B": "Health visiting team, Cheshire and Wirral Partnership NHS Trust",
                   "3C": "School nursing team", "3D": "Community midwifery",
                   "3E": rng.choice(["Leighton Hospital emergency department",
                                     "Macclesfield District General Hospital emergency "
                                     "department"]),
                   "3F": "Child and adolescent mental health services"}[s]
            return {"referrer_name": f"{first} {last}", "referrer_organisation": org,
                    "referrer_phone": phone, "referrer_email": f"{handle}@nhs.example"}
        if s == "10":
            return {"referrer_name": "Not known"}
        if s[:1] == "1":
            relation = {"1A": "grandparent", "1B": "neighbour", "1C": "the child",
                        "1D": "member of the public"}[s]
            name = c.child.first_name if s == "1C" else f"{first} {last}"
            return {"referrer_name": f"{name} ({relation})",
                    "referrer_phone": f"07700 900{rng.randrange(1000):03d}"}
        if s == "9":
            return {"referrer_name": "Anonymous caller"}
        org = {"4": "Cheshire East housing options", "5A": "Cheshire East adult social care",
               "5B": "Cheshire East youth justice service", "5C": "Stoke-on-Trent children's "
               "services", "5D": "Cheshire East early help", "7": "Probation Service",
               "8": f"{family.postcode.town} children's centre"}.get(s, "Other agency")
        return {"referrer_name": f"{first} {last}", "referrer_organisation": org,
                "referrer_phone": phone, "referrer_email": f"{handle}@agency.example"}

    def _contact(self, family: Family, c: PlannedContact, ctx: _Ctx) -> None:
        child = ctx.persons[c.child.key]
        received_on = c.received_at.date()
        tctx = self._ctx(family, c.child, received_on)
        rng = self._rng(family, 13, c.key)
        # Siblings in one contact: the same referrer and the same words.
        shared_rng = self._rng(family, 17, int(c.received_at.timestamp()))
        contact = frontdoor.contact_record(
            actor=self._u(c.taker),
            child=child,
            received_at=c.received_at,
            received_via=c.via,
            source=c.source,
            presenting_concerns=texts.concerns(shared_rng, tctx, source=c.source),
            consent=c.consent,
            consent_notes=_CONSENT_NOTES.get(c.consent, ""),
            out_of_hours=c.out_of_hours,
            group_ref=c.group_ref,
            **self._referrer(family, c),
        )
        fd_actor = self._u(c.decider) if c.decider else self._u(c.taker)
        if c.handover_at is not None:
            contact = frontdoor.contact_handover(
                actor=self._u(c.handover_by), contact=contact, handover_at=c.handover_at,
                note=_HANDOVER,
            )
        for info in c.info:
            row = frontdoor.contact_information_request(
                actor=fd_actor, contact=contact, agency=info.agency,
                requested_at=info.requested_at,
            )
            if info.received_at is not None:
                frontdoor.contact_information_receive(
                    actor=fd_actor, information=row,
                    summary=texts.info_summary(rng, tctx, agency=info.agency),
                    received_at=info.received_at,
                )
        if c.decision is None:
            return
        lead = org = ""
        if c.decision == "early_help":
            lead, org = texts.early_help_lead(rng, tctx, person=" ".join(_name(rng)))
        reason = ""
        if c.without_info:
            reason = _WITHOUT_INFO["open" if c.open_case else
                                   "referral" if c.referral else "other"]
        frontdoor.contact_decide(
            actor=self._u(c.decider),
            contact=contact,
            expected_version=contact.version,
            threshold=c.threshold,
            decision=c.decision,
            rationale=texts.rationale(rng, tctx, decision=c.decision),
            decided_at=c.decided_at,
            primary_need=c.primary_need,
            allocate_team=self._t(c.allocate_team) if c.allocate_team else None,
            lead_professional=lead,
            lead_organisation=org,
            decide_without_missing_information=bool(reason),
            missing_information_reason=reason,
            referral_nfa=c.referral is not None and c.referral.nfa,
        )
        if c.referral is not None:
            # The episode the decision opened (episode_open linked it to this contact).
            episode: CINEpisode = contact.referral  # type: ignore[attr-defined]
            # episode_open allocated the case to the team (keeping a worker who already
            # holds it there).
            prev = ctx.allocation.get(c.child.key)
            team_pk = self._t(c.allocate_team).pk
            ctx.allocation[c.child.key] = (
                prev if prev is not None and prev[0] == team_pk else (team_pk, None)
            )
            self._referral(family, c, c.referral, episode, ctx)
        elif c.early_help is not None:
            eh = EarlyHelpEpisode.objects.get(contact=contact)
            self._early_help(c.early_help, eh, fd_actor)

    # -- early help -------------------------------------------------------------------

    def _early_help(self, plan: PlannedEarlyHelp, eh: EarlyHelpEpisode, actor) -> None:  # noqa: ANN001
        end = None if plan.stepped_up else plan.end_date
        if plan.assessment_start is None and end is None:
            return
        frontdoor.earlyhelp_update(
            actor=actor,
            episode=eh,
            expected_version=eh.version,
            lead_professional=eh.lead_professional,
            lead_organisation=eh.lead_organisation,
            assessment_start=plan.assessment_start,
            assessment_completed=plan.assessment_completed,
            end_date=end,
            end_reason=plan.end_reason if end else "",
        )

    # -- a referral ----------------------------------------------------------------------

    def _referral(self, family: Family, c: PlannedContact, ref: PlannedReferral,
                  episode: CINEpisode, ctx: _Ctx) -> None:
        child_key = c.child.key
        child = ctx.persons[child_key]
        rng = self._rng(family, 19, c.key)
        steps: list[tuple[date, int, int, Callable[..., object]]] = []
        seq = iter(range(1_000_000))
        state: dict[str, Any] = {"episode": episode}

        def add(on: date | None, order: int, fn: Callable[..., object]) -> None:
            assert on is not None, "the plan dates every step it asks for"
            steps.append((on, order, next(seq), fn))

        def tctx(on: date | None, worker=None) -> texts.TextContext:  # noqa: ANN001
            assert on is not None, "text is written for a dated step"
            t = self._ctx(family, c.child, on)
            if worker is not None:
                t.worker = worker.first_name
            return t

        # Allocations: the first to a worker in the front door's chosen team (order 0);
        # transfers after the assessment is authorised on the same day (order 7).
        for i, (on, team, worker, reason) in enumerate(ref.allocations):
            def allocate(on=on, team=team, worker=worker, reason=reason) -> None:
                current = ctx.allocation.get(child_key)
                wanted = (self._t(team).pk, self._u(worker).pk)
                if current == wanted:
                    return
                casework.allocation_assign(
                    actor=self._u(team.manager), child=child, team=self._t(team),
                    worker=self._u(worker), start_date=on, reason=reason,
                )
                ctx.allocation[child_key] = wanted
            add(on, 0 if i == 0 else 7, allocate)

        a = ref.assessment
        if a is not None:
            a_worker = self._u(a.worker)

            def start() -> None:
                state["assessment"] = assessments.assessment_start(
                    actor=a_worker, episode=episode, start_date=a.start_date, worker=a_worker
                )
            add(a.start_date, 1, start)
            for seen_on, alone in a.seen:
                def seen(seen_on=seen_on, alone=alone) -> None:
                    assessments.assessment_child_seen(
                        actor=a_worker, assessment=state["assessment"], seen_on=seen_on,
                        seen_alone=alone,
                    )
                add(seen_on, 2, seen)
            if a.submitted_on or a.authorised_on is not None:
                first_save = a.submitted_on[0] if a.submitted_on else a.authorised_on

                def update() -> None:
                    asm = state["assessment"]
                    assessments.assessment_update(
                        actor=a_worker, assessment=asm, expected_version=asm.version,
                        factors=a.factors,
                        analysis=texts.assessment_analysis(tctx(first_save), outcome=a.outcome),
                        outcome=a.outcome,
                    )
                add(first_save, 5, update)
            for i, submitted in enumerate(a.submitted_on):
                add(submitted, 5, lambda submitted=submitted: assessments.assessment_submit(
                    actor=a_worker, assessment=state["assessment"],
                    submitted_at=min(at(submitted, 16), self.plan.cutoff)))
                returned_on = a.returned_on
                if i < len(returned_on):
                    def give_back(on: date = returned_on[i]) -> None:
                        assessments.assessment_return(
                            actor=self._u(a.authoriser), assessment=state["assessment"],
                            comments=texts.return_comments(rng, tctx(on)),
                        )
                    add(returned_on[i], 5, give_back)
            if a.authorised_on is not None:
                add(a.authorised_on, 5, lambda: assessments.assessment_authorise(
                    actor=self._u(a.authoriser), assessment=state["assessment"],
                    authorised_on=a.authorised_on))

        for on, kind, author in ref.notes:
            add(on, 3, lambda on=on, kind=kind, author=author: casework.note_add(
                actor=self._u(author), child=child, kind=kind, occurred_on=on,
                text=texts.note(rng, tctx(on), kind=kind)))

        for on, kind, manager in self._oversights(ref):
            def oversee(on=on, kind=kind, manager=manager) -> None:
                direction, reasons = texts.oversight(rng, tctx(on, manager), kind=kind)
                casework.oversight_add(
                    actor=self._u(manager), child=child, direction=direction, reasons=reasons,
                    recorded_at=at(on, 15),
                )
            # The outcome is recorded by the assessment team's manager before any transfer;
            # an allocation's direction after it (and its transfer) is made.
            add(on, 6 if kind == "outcome" else 8, oversee)

        for on, manager, worker in ref.supervisions:
            def supervise(on=on, manager=manager, worker=worker) -> None:
                reflection, actions = texts.supervision(rng, tctx(on, worker))
                owner = self._u(worker)
                casework.supervision_record(
                    actor=self._u(manager), child=child, worker=owner, held_on=on,
                    reflection=reflection,
                    actions=[(text, owner, on + timedelta(days=14 + 7 * i))
                             for i, text in enumerate(actions)],
                )
            add(on, 6, supervise)

        if ref.closure_date is not None:
            def close() -> None:
                lead = org = ""
                if ref.step_down is not None:
                    lead, org = texts.early_help_lead(
                        rng, tctx(ref.closure_date), person=" ".join(_name(rng))
                    )
                # Nothing else writes the episode between its opening and its closure,
                # except an adoption order, which closes it itself (RC1).
                ep = state["episode"]
                assert ref.closure_date is not None
                if ref.care is not None and ref.care.end_reason in ("E11", "E12"):
                    ctx.allocation.pop(child_key, None)
                    return
                episodes.episode_close(
                    actor=self._u(ref.team.manager), episode=ep, expected_version=ep.version,
                    closure_date=ref.closure_date, reason=ref.closure_reason,
                    step_down_lead_professional=lead, step_down_organisation=org,
                )
                # Closing the episode ends the child's allocations.
                ctx.allocation.pop(child_key, None)
                if ref.step_down is not None:
                    eh = EarlyHelpEpisode.objects.get(stepped_down_from=ep)
                    self._early_help(ref.step_down, eh, self._u(ref.team.manager))
            add(ref.closure_date, 9, close)

        # Strategy discussions, enquiries, conferences, plans and visits (added after the
        # steps above, so on a shared day and order they follow them).
        protection_steps(ref=ref, child=child, episode=lambda: state["episode"], add=add,
                         user=self._u, text_at=tctx, rng=rng, name=_name)
        care_steps(ref=ref, child=child, add=add, user=self._u, rng=rng,
                   episode=lambda: state["episode"])
        steps.sort(key=lambda s: (s[0], s[1], s[2]))
        for _, _, _, fn in steps:
            fn()

    def _oversights(self, ref: PlannedReferral) -> list[tuple[date, str, PlannedWorker]]:
        return list(ref.oversights)

