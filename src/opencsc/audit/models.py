"""Access events: who saw which child's record or searched for whom, when and from where."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models


class AccessAction(models.TextChoices):
    VIEW_RECORD = "view_record", "Viewed a record"
    SEARCH = "search", "Searched"
    LIST = "list", "Viewed a list"
    EXPORT = "export", "Exported"
    API_READ = "api_read", "Read through the API"
    API_WRITE = "api_write", "Recorded through the API"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"


class AccessEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=30, blank=True)
    team_name = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    # The child whose record was seen, when there is one.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"], name="access_person_at")]
        # The access log is evidence: nobody edits or deletes it through the application.
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.username}: {self.get_action_display()}: {self.what}"
