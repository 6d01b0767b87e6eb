"""The Nu HTML Checker that e2e runs over every page finds real errors (so a clean run
means something), and names the page they came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.html_validity import VNU_JAR, Pages, check

pytestmark = pytest.mark.skipif(
    not VNU_JAR.exists(), reason="the Nu HTML Checker is installed by `make test`"
)
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>t</title>'
    '<link rel="manifest" href="/manifest.webmanifest"></head><body>'
    "<h1>Title</h1>{}</body></html>"
)


def test_a_valid_page_has_no_errors(tmp_path: Path) -> None:
    pages = Pages()
    pages.add("http://x/fine", PAGE.format('<p data-hx-get="/x">fine</p>'))
    assert check(pages, tmp_path) == []


def test_bad_markup_is_reported_with_its_page(tmp_path: Path) -> None:
    pages = Pages()
    pages.add("http://x/bad", PAGE.format('<span role="text">a</span><p hx-get="/x">b</p>'))
    errors = check(pages, tmp_path)
    assert len(errors) == 2, errors
    assert all(e.startswith("http://x/bad:1: ") for e in errors)


def test_the_same_page_with_another_nonce_is_checked_once() -> None:
    pages = Pages()
    for nonce in ("a" * 22, "b" * 22):
        pages.add("http://x/", PAGE.format(f'<script nonce="{nonce}"></script>'))
    assert len(pages.seen) == 1


def test_only_the_apps_own_pages_are_collected() -> None:
    pages = Pages()
    pages.add("http://provider/interaction/x", "<!DOCTYPE html><ul><ul></ul></ul>")
    assert pages.seen == {}


def test_a_fragment_is_checked_inside_a_page(tmp_path: Path) -> None:
    pages = Pages()
    pages.add_fragment("http://x/part", '<p class="nhsuk-body">A waiting card</p>')
    assert check(pages, tmp_path) == []
    pages.add_fragment("http://x/bad-part", "<li>an item with no list</li><p><div></div></p>")
    errors = check(pages, tmp_path)
    assert errors, "a bad fragment passed"
    assert all(e.startswith("http://x/bad-part (htmx fragment):") for e in errors), errors


def test_a_whole_page_fetched_by_htmx_is_checked_as_a_page() -> None:
    pages = Pages()
    pages.add_fragment("http://x/boosted", PAGE.format("<p>fine</p>"))
    ((url, html),) = pages.seen.values()
    assert url == "http://x/boosted"
    assert "Fragment" not in html
