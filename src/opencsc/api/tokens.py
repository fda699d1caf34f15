"""Issuing and revoking API tokens. A token is shown once; only its hash is kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.accounts.models import ApiToken, Role, User


def _check_may_manage_tokens(actor: User) -> None:
    # Administrators manage accounts (accounts.access): tokens are credentials of accounts.
    if not (actor.is_active and (actor.is_superuser or actor.role == Role.ADMINISTRATOR)):
        raise ValidationError("Only an administrator can issue or revoke API tokens.")


@transaction.atomic
def token_issue(*, actor: User, user: User, name: str) -> str:
    """Issue a bearer token for ``user`` and return it (the only time it is readable)."""
    _check_may_manage_tokens(actor)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the token, such as the system that will use it"
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = "Enter a name of 120 characters or fewer"
    elif ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        errors["name"] = (
            "This account already has a token with that name: revoke it or use another name"
        )
    if not user.is_active:
        errors["user"] = "This account is disabled: enable it before issuing a token"
    if errors:
        raise ValidationError(errors)
    _, token = ApiToken.issue(user=user, name=name)
    return token


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token: it is refused from the next request on."""
    _check_may_manage_tokens(actor)
    if token.revoked_at is not None:
        raise ValidationError("This token was already revoked.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
