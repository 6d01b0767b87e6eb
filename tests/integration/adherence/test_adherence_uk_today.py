"""Adherence's "today" is the date in the UK, whatever time zone the server runs in: the
API's and the pages' default "as of", and the date a new record's form starts with."""

from __future__ import annotations

import pytest
from lxml import html

from backend.dates import uk_today

# These tests are about reading the clock, so they read it (every other test runs at
# the stated TEST_TODAY).
pytestmark = pytest.mark.usefixtures("real_clock")


def test_statuses_default_to_today_in_the_uk(signed_in, teams, server_far_from_london):
    body = signed_in("sam").get(f"/api/teams/{teams['riverside']}/adherence").json()
    assert body["as_of"] == uk_today().isoformat()


def test_my_standards_page_is_as_of_today_in_the_uk(signed_in, teams, server_far_from_london):
    page = signed_in("sam").get(f"/teams/{teams['riverside']}/practice")
    [as_of] = html.document_fromstring(page.text).xpath("//input[@name='as_of']/@value")
    assert as_of == uk_today().isoformat()


def test_a_new_record_is_dated_today_in_the_uk(signed_in, teams, server_far_from_london):
    page = signed_in("sam").get(f"/teams/{teams['riverside']}/practice/supervision/new")
    doc = html.document_fromstring(page.text)
    today = uk_today()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        assert doc.xpath(f"//input[@name='date-{part}']/@value") == [str(value)], part
