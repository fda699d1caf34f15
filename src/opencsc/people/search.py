"""Finding a person despite misspellings, nicknames and swapped names.

A referrer rings about "Bill Smyth"; the record says William Smith. The search matches
names four ways, each backed by an index on people_person so it stays fast on 100,000+
people, and ranks the results in that order:

1. exact: lower(first_name) / lower(last_name) equal (trigram GIN indexes, PG 14+);
2. nickname: the first name is a known variant (people/data/nicknames.csv);
3. phonetic: double metaphone codes equal (person_first_dmeta / person_last_dmeta);
4. trigram: similar spelling, pg_trgm's ``%`` operator (person_first_trgm / _last_trgm).

First and last names are also tried the other way round, other names (aliases, and the
names of merged records) are searched too, and date of birth, NHS number and postcode
narrow the results. Everything is built on ``searchable_people(user)``, so restricted
records are absent from results and counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, Expression, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, Lower, Upper

from opencsc.accounts.access import children_visible_to, searchable_people
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.identifiers import nhs_number_is_valid, normalise_nhs_number
from opencsc.people.models import DMetaphone, Person, PersonAlias
from opencsc.people.nicknames import name_variants
from opencsc.people.postcodes import is_outward_code, normalise_postcode, postcode_problem
from opencsc.people.record_ids import looks_like_record_id, record_id_q

if TYPE_CHECKING:
    from django.http import HttpRequest

    from opencsc.accounts.models import User

__all__ = ["person_search", "likely_duplicates", "search_criteria", "MATCH_LABELS"]

EXACT, NICKNAME, PHONETIC, TRIGRAM = 40, 30, 20, 10
# A match with first and last name swapped ranks just below the same match the right way.
SWAPPED = 5
NHS_MATCH = 50
MATCH_LABELS = {
    NHS_MATCH: "Same NHS number",
    EXACT: "Exact name",
    EXACT - SWAPPED: "Exact name, first and last swapped",
    NICKNAME: "Nickname",
    NICKNAME - SWAPPED: "Nickname, first and last swapped",
    PHONETIC: "Sounds alike",
    PHONETIC - SWAPPED: "Sounds alike, first and last swapped",
    TRIGRAM: "Similar spelling",
    TRIGRAM - SWAPPED: "Similar spelling, first and last swapped",
    0: "",
}
_NAME_TOKEN = re.compile(r"[^\w'\-]+", re.UNICODE)


@dataclass(frozen=True)
class _Name:
    """Conditions on one name part (first or last) for one query word."""

    word: str
    first: bool

    @property
    def lower(self) -> str:
        return "lf" if self.first else "ll"

    @property
    def meta(self) -> str:
        return "mf" if self.first else "ml"

    def exact(self) -> Q:
        return Q(**{self.lower: self.word})

    def nickname(self) -> Q | None:
        if not self.first:
            return None
        variants = sorted(name_variants(self.word))
        if not variants:
            return None
        # OR of equalities, not IN (...): the trigram GIN index answers "=" but not "= ANY".
        q = Q()
        for v in variants:
            q |= Q(lf=v)
        return q

    def phonetic(self) -> Q:
        return Q(**{self.meta: DMetaphone(Value(self.word))})

    def similar(self) -> Q:
        q = Q(**{f"{self.lower}__trigram_similar": self.word})
        if self.first and len(self.word) == 1:
            q |= Q(lf__startswith=self.word)  # an initial: "J Smith"
        return q

    def any(self) -> Q:
        q = self.exact() | self.phonetic() | self.similar()
        nick = self.nickname()
        return q | nick if nick is not None else q


def _words(query: str) -> list[str]:
    return [w for w in _NAME_TOKEN.split((query or "").strip().lower()) if w]


def _tier(first: _Name | None, last: _Name | None, offset: int = 0) -> tuple[Q, Case]:
    """(the WHERE condition, the rank) for a first-name word and/or a last-name word."""
    whens: list[When] = []
    if first is not None and last is not None:
        nick = first.nickname()
        whens.append(When(first.exact() & last.exact(), then=Value(EXACT - offset)))
        if nick is not None:
            whens.append(When(nick & last.exact(), then=Value(NICKNAME - offset)))
        known_first = first.exact() | first.phonetic() | (nick if nick is not None else Q())
        whens.append(
            When(known_first & (last.exact() | last.phonetic()), then=Value(PHONETIC - offset))
        )
        condition = first.any() & last.any()
    else:
        (one,) = [n for n in (first, last) if n is not None]
        whens.append(When(one.exact(), then=Value(EXACT - offset)))
        nick = one.nickname()
        if nick is not None:
            whens.append(When(nick, then=Value(NICKNAME - offset)))
        whens.append(When(one.phonetic(), then=Value(PHONETIC - offset)))
        condition = one.any()
    # Without this last When, a row found only the other way round would rank as a
    # trigram match this way round too.
    whens.append(When(condition, then=Value(TRIGRAM - offset)))
    rank = Case(*whens, default=Value(0), output_field=IntegerField())
    return condition, rank


def _annotate_names(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        lf=Lower("first_name"),
        ll=Lower("last_name"),
        mf=DMetaphone(F("first_name")),
        ml=DMetaphone(F("last_name")),
    )


def _name_match(words: list[str]) -> tuple[Q, Case | Greatest, Greatest | TrigramSimilarity]:
    """Condition, rank and spelling score for a name typed as one or more words."""
    if len(words) == 1:
        (w,) = words
        as_first, r1 = _tier(_Name(w, True), None)
        as_last, r2 = _tier(None, _Name(w, False))
        score = Greatest(TrigramSimilarity("lf", w), TrigramSimilarity("ll", w))
        return as_first | as_last, Greatest(r1, r2), score
    first, last = words[0], words[-1]
    direct, r1 = _tier(_Name(first, True), _Name(last, False))
    swapped, r2 = _tier(_Name(last, True), _Name(first, False), offset=SWAPPED)
    score = Greatest(
        TrigramSimilarity("lf", first) + TrigramSimilarity("ll", last),
        TrigramSimilarity("lf", last) + TrigramSimilarity("ll", first),
    )
    return direct | swapped, Greatest(r1, r2), score


def _alias_ranks(words: list[str]) -> dict[int, int]:
    """person id -> best rank of a matching other name (alias, previous or merged name)."""
    aliases = PersonAlias.objects.annotate(lf=Lower("first_name"), ll=Lower("last_name"))
    # Aliases are few beside people: exact and similar spelling, on the alias trigram index.
    if len(words) == 1:
        w = words[0]
        cond = Q(ll=w) | Q(ll__trigram_similar=w) | Q(lf=w) | Q(lf__trigram_similar=w)
        exact = Q(ll=w) | Q(lf=w)
    else:
        first, last = words[0], words[-1]
        first_ok = Q(lf="") | Q(lf=first) | Q(lf__trigram_similar=first)
        for v in name_variants(first):
            first_ok |= Q(lf=v)
        cond = (Q(ll=last) | Q(ll__trigram_similar=last)) & first_ok
        exact = Q(ll=last) & (Q(lf=first) | Q(lf=""))
    rows = (
        aliases.filter(cond)
        .annotate(rank=Case(When(exact, then=Value(EXACT)), default=Value(TRIGRAM)))
        .values_list("person_id", "rank")[:500]
    )
    best: dict[int, int] = {}
    for person_id, rank in rows:
        best[person_id] = max(rank, best.get(person_id, 0))
    return best


def _with_alias_rank(rank, alias_ranks: dict[int, int]):  # type: ignore[no-untyped-def]
    if not alias_ranks:
        return rank
    by_rank: dict[int, list[int]] = {}
    for pk, r in alias_ranks.items():
        by_rank.setdefault(r, []).append(pk)
    alias_rank = Case(
        *[When(pk__in=pks, then=Value(r)) for r, pks in sorted(by_rank.items(), reverse=True)],
        default=Value(0),
        output_field=IntegerField(),
    )
    return Greatest(rank, alias_rank)


def _read_query(query: str, nhs_number: str, postcode: str) -> tuple[str, str, str]:
    """An NHS number or a postcode typed in the name box is searched as one."""
    text = (query or "").strip()
    if text and not nhs_number.strip() and nhs_number_is_valid(text):
        return "", text, postcode
    if (
        text
        and not postcode.strip()
        and postcode_problem(text) is None
        and any(ch.isdigit() for ch in text)
    ):
        return "", nhs_number, text
    return text, nhs_number, postcode


def search_criteria(
    *,
    query: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
) -> str:
    """The criteria as one line for the access log: what was searched for."""
    parts = []
    if query.strip():
        parts.append(f"name: {query.strip()}")
    if date_of_birth:
        parts.append(f"date of birth: {date_of_birth.isoformat()}")
    if nhs_number.strip():
        parts.append(f"NHS number: {normalise_nhs_number(nhs_number)}")
    if postcode.strip():
        parts.append(f"postcode: {normalise_postcode(postcode)}")
    return "; ".join(parts)


def _narrow(qs: QuerySet, *, date_of_birth, nhs_number: str, postcode: str) -> QuerySet:
    if date_of_birth:
        qs = qs.filter(date_of_birth=date_of_birth)
    if nhs_number.strip():
        qs = qs.filter(nhs_number=normalise_nhs_number(nhs_number))
    if postcode.strip():
        if is_outward_code(postcode):
            outward = re.sub(r"\s+", "", postcode).upper()
            qs = qs.annotate(pc=Upper("postcode")).filter(pc__startswith=f"{outward} ")
        else:
            # Matches the person_postcode index on upper(postcode).
            qs = qs.annotate(pc=Upper("postcode")).filter(pc=normalise_postcode(postcode))
    return qs


def _ranked(base: QuerySet, query: str, limit: int) -> QuerySet:
    """Apply the name part of a search (or a record ID) and order by rank."""
    words = _words(query)
    if looks_like_record_id(query):  # the case number shown on the record (LAchildID)
        return base.filter(record_id_q(query)).annotate(
            match_rank=Value(EXACT, output_field=IntegerField())
        )
    if not words:
        return base.annotate(match_rank=Value(0, output_field=IntegerField())).order_by(
            "last_name", "first_name", "pk"
        )
    alias_ranks = _alias_ranks(words)
    condition, rank, score = _name_match(words)
    if alias_ranks:
        condition |= Q(pk__in=list(alias_ranks))
    return (
        _annotate_names(base)
        .filter(condition)
        .annotate(match_rank=_with_alias_rank(rank, alias_ranks), match_score=score)
        .order_by("-match_rank", "-match_score", "last_name", "first_name", "pk")
    )


def person_search(
    *,
    user: User,
    query: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
    limit: int = 25,
    request: HttpRequest | None = None,
) -> list[Person]:
    """Whom ``user`` may find matching the criteria, best match first, at most ``limit``.

    Each person has ``match_rank``, ``match_label`` and ``can_open`` (whether the user may
    open the record, or only knows it exists). Writes one access event with the criteria:
    a search is itself a look at who is known to the service.
    """
    query, nhs_number, postcode = _read_query(query, nhs_number, postcode)
    criteria = search_criteria(
        query=query, date_of_birth=date_of_birth, nhs_number=nhs_number, postcode=postcode
    )
    access_record(
        user=user,
        action=AccessAction.SEARCH,
        what="Person search",
        detail=criteria,
        request=request,
    )
    if not criteria:
        return []
    base = _narrow(
        searchable_people(user),
        date_of_birth=date_of_birth,
        nhs_number=nhs_number,
        postcode=postcode,
    )
    results = list(_ranked(base, query, limit)[:limit])
    if results:
        visible = set(
            children_visible_to(user)
            .filter(pk__in=[p.pk for p in results])
            .values_list("pk", flat=True)
        )
    else:
        visible = set()
    for person in results:
        person.can_open = person.pk in visible
        person.match_label = MATCH_LABELS.get(person.match_rank, "")
    return results


def likely_duplicates(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    limit: int = 10,
) -> list[Person]:
    """People who may already be the person about to be created, most likely first.

    Same NHS number; or a matching name (any of the four ways, either order, or another
    name they are known by) with the same date of birth or none recorded. Not scoped to a
    user: callers showing the list must intersect it with what the user may search.
    """
    people = Person.objects.filter(merged_into__isnull=True)
    words = [w for w in (_words(first_name)[:1] + _words(last_name)[-1:]) if w]
    nhs = normalise_nhs_number(nhs_number)
    nhs_q = Q(nhs_number=nhs) if nhs and nhs_number_is_valid(nhs) else None
    if not words and nhs_q is None:
        return []
    rank: Expression = Value(0, output_field=IntegerField())
    condition = Q()
    qs = _annotate_names(people)
    if words:
        alias_ranks = _alias_ranks(words)
        name_q, rank, score = _name_match(words)
        if alias_ranks:
            name_q |= Q(pk__in=list(alias_ranks))
        rank = _with_alias_rank(rank, alias_ranks)
        if date_of_birth:
            name_q &= Q(date_of_birth=date_of_birth) | Q(date_of_birth__isnull=True)
        condition = name_q
        qs = qs.annotate(match_score=score)
    else:
        qs = qs.annotate(match_score=Value(0.0))
    if nhs_q is not None:
        condition = condition | nhs_q if words else nhs_q
        rank = Case(When(nhs_q, then=Value(NHS_MATCH)), default=rank, output_field=IntegerField())
    results = list(
        qs.filter(condition)
        .annotate(match_rank=rank)
        .order_by("-match_rank", "-match_score", "last_name", "first_name", "pk")[:limit]
    )
    for person in results:
        person.match_label = MATCH_LABELS.get(person.match_rank, "")
    return results
