"""Enforces the route policy table on every web request (the API enforces it in its auth)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from opencsc.accounts.policy import rule_for

API_PREFIX = "/api/"


class RoutePolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path_info.startswith(API_PREFIX):
            return None  # opencsc.api.auth checks the same table once it knows the caller
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        rule = rule_for(match.view_name)
        if rule is None:
            return forbidden(request, "This page has no access rule, so nobody may use it.")
        if rule.public:
            return None
        user = request.user
        if not user.is_authenticated:
            return None  # LoginRequiredMiddleware sends them to sign in
        if user.role not in rule.roles:
            return forbidden(request, "Your role does not give you access to this page.")
        return None


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"reason": reason}, status=403)
