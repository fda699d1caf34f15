"""Deny by default: every route of the project has an entry in the route policy table.

A URL pattern (web page or API operation) with no entry in ``accounts.policy.POLICY``
answers 403 to everyone; this test fails until the entry is written, listing what is
missing. The reverse check (entries naming routes that do not exist) reports stale
entries: it xfails with the list while views are still being written, and fails with
``OPENCSC_STRICT_POLICY=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from opencsc.accounts.policy import POLICY


@dataclass(frozen=True)
class Route:
    name: str  # namespaced: "people:person-detail"
    route: str  # "people/<int:pk>/"
    pattern: URLPattern
    kwargs: tuple[str, ...]  # the URL's keyword arguments, from every part of the route

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def _walk(
    patterns: list, namespace: str | None, prefix: str, kwargs: tuple[str, ...]
) -> Iterator[tuple[str | None, str, URLPattern, tuple[str, ...]]]:
    for p in patterns:
        names = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, ns, prefix + str(p.pattern), kwargs + names)
        else:
            name = None
            if p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
            yield name, prefix + str(p.pattern), p, kwargs + names


def project_routes() -> tuple[dict[str, Route], list[str]]:
    """Every named route of the project, and the routes that have no name."""
    routes: dict[str, Route] = {}
    unnamed: list[str] = []
    for name, route, pattern, kwargs in _walk(get_resolver().url_patterns, None, "", ()):
        if name is None:
            unnamed.append(route)
            continue
        routes.setdefault(name, Route(name=name, route=route, pattern=pattern, kwargs=kwargs))
    return routes, unnamed


def api_operations() -> list[tuple[str, str, list[str]]]:
    """(policy name, path, methods) of every django-ninja operation."""
    from opencsc.api.urls import api

    api.urls  # noqa: B018 - binds the routers
    found = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                found.append((f"api:{getattr(op, 'url_name', '') or ''}", path, list(op.methods)))
    return found


def test_every_route_has_a_policy_entry():
    routes, unnamed = project_routes()
    missing = sorted(name for name in routes if name not in POLICY)
    assert not unnamed, f"URL patterns without a name cannot have a policy entry: {unnamed}"
    assert not missing, (
        "Routes with no entry in accounts.policy.POLICY (nobody can use them): "
        + ", ".join(missing)
    )


def test_every_api_operation_has_its_own_url_name_and_a_policy_entry():
    operations = api_operations()
    assert operations
    unnamed = [path for name, path, _ in operations if name == "api:"]
    assert not unnamed, f"API operations without url_name: {unnamed}"
    missing = sorted({name for name, _, _ in operations} - set(POLICY))
    assert not missing, f"API operations with no policy entry: {', '.join(missing)}"
    # Ninja names a path after its first operation; the policy check reads that name, so
    # operations sharing a path must share its rule (one url_name per path).
    by_path: dict[str, set[str]] = {}
    for name, path, _ in operations:
        by_path.setdefault(path, set()).add(name)
    shared = {p: n for p, n in by_path.items() if len(n) > 1}
    assert not shared, f"Operations on one path with different url_names: {shared}"


def test_policy_has_no_stale_entries():
    """Entries naming a route that does not exist. Run with -rx to see the list."""
    routes, _ = project_routes()
    stale = sorted(name for name in POLICY if name not in routes)
    if stale and os.environ.get("OPENCSC_STRICT_POLICY") != "1":
        pytest.xfail(f"policy entries with no route ({len(stale)}): {', '.join(stale)}")
    assert not stale, f"Policy entries with no route: {', '.join(stale)}"
