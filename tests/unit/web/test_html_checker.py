"""The checking client's page and fragment checks find what they are meant to find."""

from __future__ import annotations

from tests.support.html_checker import check_fragment


def test_a_good_fragment_passes() -> None:
    good = (
        '<li id="record-1"><form action="/x" method="post">'
        '<label for="note">Note</label><input id="note" name="note"></form></li>'
    )
    assert check_fragment(good) == []
    assert check_fragment("") == []


def test_a_fragment_with_repeated_ids_or_unlabelled_fields_is_caught() -> None:
    bad = (
        '<div id="a"></div><div id="a"></div>'
        '<form action="/x" method="post"><input name="note"></form><form></form>'
    )
    problems = check_fragment(bad)
    assert "duplicate id 'a'" in problems
    assert "unlabelled input name='note'" in problems
    assert any(p.startswith("form without action or method") for p in problems)
