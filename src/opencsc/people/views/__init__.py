"""People pages: find a person, record one, the child's record, and the small forms on it."""

from opencsc.people.views.involvements import address_new, professional_new, relationship_new
from opencsc.people.views.merge import person_merge
from opencsc.people.views.person import person_edit, person_new
from opencsc.people.views.record import person_access_log, person_detail
from opencsc.people.views.search import person_search

__all__ = [
    "address_new",
    "person_access_log",
    "person_detail",
    "person_edit",
    "person_merge",
    "person_new",
    "person_search",
    "professional_new",
    "relationship_new",
]
