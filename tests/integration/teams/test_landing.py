"""Where each person lands after signing in (and from "/"): the page of their own work."""

from __future__ import annotations

import pytest

from tests.support.client import texts

LANDINGS = [
    ("sam", "riverside", "/practice"),  # a practitioner: their own good practice
    ("jo", "riverside", "/adherence"),  # supervises at Riverside, nobody at Hillside
    ("alex", "riverside", ""),  # lead of Riverside (and supervisor at Hillside)
    ("morgan", "hillside", ""),  # lead of Hillside
    ("chris", "hillside", "/practice"),
]


@pytest.mark.parametrize(("person", "team", "path"), LANDINGS)
def test_each_person_lands_on_their_own_work(signed_in, teams, person, team, path):
    client = signed_in(person)
    landed = client.get("/")
    assert landed.status_code == 200
    assert landed.url.path == f"/teams/{teams[team]}{path}"


def test_a_supervisor_lands_where_they_supervise_whichever_team_they_used_last(signed_in, teams):
    jo = signed_in("jo")
    jo.get(f"/teams/{teams['hillside']}/practice")
    assert jo.get("/").url.path == f"/teams/{teams['riverside']}/adherence"


def test_good_practice_comes_first_after_home_in_the_navigation(signed_in, teams):
    sam = signed_in("sam")
    nav = texts(
        sam.get(f"/teams/{teams['riverside']}").text,
        "//header//nav[contains(@class, 'nhsuk-header__navigation')]//li/a",
    )
    assert nav[:2] == ["Home", "Good practice"]
    jo = signed_in("jo")
    nav = texts(
        jo.get(f"/teams/{teams['riverside']}").text,
        "//header//nav[contains(@class, 'nhsuk-header__navigation')]//li/a",
    )
    assert nav[:3] == ["Home", "Good practice", "Adherence"]
