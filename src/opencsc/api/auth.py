"""Who is calling the API, and may they use this operation?

Two ways in: a bearer token (``Authorization: Bearer <token>``; partner agencies and
other systems) or the signed-in web session (the web UI; with CSRF on unsafe methods).
Once the caller is known, the operation is checked against the SAME route policy table
as every web page (``accounts.policy``), under the name ``api:<url_name>``: an operation
without an entry is refused to everyone, and a role not in its rule gets 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from opencsc.accounts.models import ApiToken
from opencsc.accounts.policy import rule_for

if TYPE_CHECKING:
    from opencsc.accounts.models import User


def authorise(request: HttpRequest, user: User) -> User:
    """Check the route policy table for the operation being called; 403 if not allowed."""
    match = getattr(request, "resolver_match", None)
    rule = rule_for(match.view_name) if match else None
    if rule is None:
        raise HttpError(403, "This operation has no access rule, so nobody may use it.")
    if not rule.public and user.role not in rule.roles:
        raise HttpError(403, "Your role does not give you access to this operation.")
    return user


class BearerTokenAuth(HttpBearer):
    """A hashed ``accounts.ApiToken``: unknown or revoked tokens, or tokens of a disabled
    account, are refused with 401 (not passed on to the session check)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("user", "user__team")
            .filter(token_hash=ApiToken.hash(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError(401, "This token is not valid: it is unknown or revoked.")
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        user = api_token.user
        # Services, selectors and access events all take the acting user from the request.
        request.user = user
        return authorise(request, user)


class SessionPolicyAuth(SessionAuth):
    """The web session. The CSRF check (for unsafe methods) runs only when there is a
    signed-in user, so an anonymous caller gets 401, not a CSRF failure."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        return authorise(request, request.user)


API_AUTH = [BearerTokenAuth(), SessionPolicyAuth()]
