"""Request types for views.

Every page but the sign-in page needs a signed-in user (LoginRequiredMiddleware, then
the route policy middleware), so a view's ``request.user`` is always a ``User``, never
an ``AnonymousUser``. Django's own ``HttpRequest`` cannot say so; annotating a view's
``request`` with :class:`AuthenticatedRequest` does (the pattern django-stubs
documents). Views marked ``login_not_required`` keep ``HttpRequest``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from opencsc.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """An ``HttpRequest`` whose user has signed in. For type checking only: at run time
    views still receive Django's ``HttpRequest`` (nothing is ever an instance of this)."""

    user: User
