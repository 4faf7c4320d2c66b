"""Which routes a person's citizenship and permanent residence open.

A category lists the citizenships (and permanent residences) it is open to, and the ones it
says it does not cover. ``open_routes`` goes through every category in the content's order;
``OpeningsIndex`` answers the same question for an answered citizenship from an index by
country (a test checks that the two always agree).
"""

from __future__ import annotations

from typing import cast

import attrs

from ftawizard.content import models as m
from ftawizard.engine.results import NotCoveredRoute, OpenedRoute


@attrs.frozen
class OpenedRoutes:
    """The routes one citizenship and permanent residence open (or are said not to)."""

    routes: tuple[OpenedRoute, ...]  # in the content's order
    evaluation_order: tuple[int, ...]  # principals before the spouse routes that read them
    not_covered: tuple[NotCoveredRoute, ...]


def _route_country(
    category: m.Category, citizenship: object, residence: object
) -> tuple[str | None, str | None]:
    """(country that opens the route, "citizen" | "resident"), or (None, None)."""
    if isinstance(citizenship, str) and citizenship in category.citizens:
        return citizenship, "citizen"
    if isinstance(residence, str) and residence in category.permanent_residents:
        return residence, "resident"
    return None, None


def _evaluation_order(routes: list[OpenedRoute]) -> tuple[int, ...]:
    """The routes' positions, the routes with no principal (the spouse routes') first."""
    return tuple(
        sorted(range(len(routes)), key=lambda index: bool(routes[index].category.principal))
    )


def open_routes(content: m.Content, citizenship: object, residence: object) -> OpenedRoutes:
    """Every category in turn: the routes these answers open, and those said not to be.

    With no citizenship answered, every route is opened (by no country: each will say the
    citizenship is needed).
    """
    routes: list[OpenedRoute] = []
    not_covered: list[NotCoveredRoute] = []
    for agreement in content.agreements:
        for category in agreement.categories:
            country, how = _route_country(category, citizenship, residence)
            if country is None and citizenship is not None:
                for exclusion in category.not_covered:
                    if (
                        citizenship in exclusion.citizens
                        or residence in exclusion.permanent_residents
                    ):
                        not_covered.append(
                            NotCoveredRoute(category, agreement, exclusion.text, exclusion.source)
                        )
                        break
                continue
            routes.append(OpenedRoute(agreement, category, country, how))
    return OpenedRoutes(tuple(routes), _evaluation_order(routes), tuple(not_covered))


_NO_INDEXES: frozenset[int] = frozenset()


class OpeningsIndex:
    """The categories each country opens, or is said not to be covered by, by citizenship
    and by permanent residence: ``open_routes`` for an answered citizenship without going
    through every category."""

    def __init__(self, content: m.Content) -> None:
        self.categories = [
            (agreement, category)
            for agreement in content.agreements
            for category in agreement.categories
        ]
        by_citizen: dict[str, set[int]] = {}
        by_resident: dict[str, set[int]] = {}
        excluded: dict[str, set[int]] = {}  # a citizenship or a residence some exclusion names
        for index, (_, category) in enumerate(self.categories):
            for code in category.citizens:
                by_citizen.setdefault(code, set()).add(index)
            for code in category.permanent_residents:
                by_resident.setdefault(code, set()).add(index)
            for exclusion in category.not_covered:
                for code in exclusion.citizens | exclusion.permanent_residents:
                    excluded.setdefault(code, set()).add(index)
        self.by_citizen = {code: frozenset(found) for code, found in by_citizen.items()}
        self.by_resident = {code: frozenset(found) for code, found in by_resident.items()}
        self.excluded = {code: frozenset(found) for code, found in excluded.items()}

    def open(self, citizenship: str, residence: object) -> OpenedRoutes:
        """``open_routes(content, citizenship, residence)``, for a citizenship answered."""
        citizen = self.by_citizen.get(citizenship, _NO_INDEXES)
        resident = (
            self.by_resident.get(residence, _NO_INDEXES)
            if isinstance(residence, str)
            else _NO_INDEXES
        )
        routes = [
            OpenedRoute(agreement, category, citizenship, "citizen")
            if index in citizen
            else OpenedRoute(agreement, category, cast(str, residence), "resident")
            for index in sorted(citizen | resident)
            for agreement, category in (self.categories[index],)
        ]
        # (a category opened is never listed as not covered; the others only if an
        # exclusion names the citizenship or the residence)
        candidates = self.excluded.get(citizenship, _NO_INDEXES)
        if isinstance(residence, str):
            candidates = candidates | self.excluded.get(residence, _NO_INDEXES)
        not_covered: list[NotCoveredRoute] = []
        for index in sorted(candidates - citizen - resident):
            agreement, category = self.categories[index]
            for exclusion in category.not_covered:
                if citizenship in exclusion.citizens or residence in exclusion.permanent_residents:
                    not_covered.append(
                        NotCoveredRoute(category, agreement, exclusion.text, exclusion.source)
                    )
                    break
        return OpenedRoutes(tuple(routes), _evaluation_order(routes), tuple(not_covered))
