"""A supervisor's supervisees in every team, on one page: what needs signing off first.

Each team is read from its own file (a feature never joins teams); a team where the
person supervises nobody is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, get

from backend.accounts import public as accounts
from backend.adherence import queries, view
from backend.adherence.queries import Person
from backend.adherence.rules import kinds as k
from backend.adherence.rules.results import Evaluation, Status
from backend.adherence.web import supervises, visible_evaluations
from backend.dates import uk_today
from backend.web.auth import services_of, team_access, user_of
from backend.web.render import page

SIGNED_IN = {"access": "signed_in"}
PATH = "/supervising"


@dataclass(frozen=True, slots=True)
class Supervisee:
    team_id: str
    team_name: str
    person: Person
    evaluation: Evaluation
    to_sign_off: int

    @property
    def not_met(self) -> int:
        return sum(1 for c in self.evaluation.checks if c.status is Status.NOT_MET)


async def supervisees_everywhere(request: Request[Any, Any, Any]) -> list[Supervisee]:
    """Everyone whose usual supervisor this person is, in every team: most to sign off
    first, then most standards not met, then by name."""
    services = services_of(request)
    user = user_of(request)
    today = uk_today()
    found: list[Supervisee] = []
    for link in accounts.teams_of(services.accounts.reader, user.id):
        team = team_access(services, link.id, user.id)
        if team is None or "supervisor" not in team.roles:
            continue
        evaluated = await visible_evaluations(team, user.id, today)
        theirs = [p for p in evaluated.teachers if supervises(team, user.id, p)]
        if not theirs:
            continue
        waiting = queries.unverified_counts(team.store.reader, k.KINDS)
        found += [
            Supervisee(
                team.id,
                team.name,
                p,
                evaluated.evaluations[p.user_id],
                waiting.get(p.user_id, 0),
            )
            for p in theirs
        ]
    found.sort(key=lambda s: (-s.to_sign_off, -s.not_met, s.person.name.casefold()))
    return found


@get(PATH, opt=SIGNED_IN)
async def supervising(request: Request[Any, Any, Any]) -> Response[Any]:
    rows = await supervisees_everywhere(request)
    return page(
        request,
        "adherence/supervising.html",
        rows=rows,
        v=view,
        teams=len({r.team_id for r in rows}),
        waiting=sum(r.to_sign_off for r in rows),
    )


ROUTES = [supervising]
