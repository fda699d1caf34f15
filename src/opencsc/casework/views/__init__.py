"""Case pages: the chronology, notes, oversight and supervision, allocation, changes."""

from opencsc.casework.views.allocation import allocation_new
from opencsc.casework.views.chronology import chronology
from opencsc.casework.views.notes import change_new, note_addendum, note_new
from opencsc.casework.views.oversight import oversight_new, supervision_new

__all__ = [
    "allocation_new",
    "change_new",
    "chronology",
    "note_addendum",
    "note_new",
    "oversight_new",
    "supervision_new",
]
