"""Checks every HTML page a test fetches (after GOV.UK Notify's test client).

One h1, a title ending " - MBP Journey", no duplicate ids, every visible form
control labelled, every form with an action and a method, a lang attribute.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lxml import html as lxml_html

TITLE = re.compile(r"^(Error: )?\S.* - MBP Journey$")
UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}


class PageProblem(AssertionError):
    pass


def check_page(text: str, url: str = "") -> list[str]:
    doc = lxml_html.document_fromstring(text)
    problems = []
    h1s = doc.xpath("//h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 elements, expected 1")
    titles = doc.xpath("//title")
    title = titles[0].text_content().strip() if titles else ""
    if not TITLE.match(title):
        problems.append(f"title {title!r} does not match '<page> - MBP Journey'")
    if not doc.xpath("/html/@lang"):
        problems.append("html element has no lang")
    problems += _parts_problems(doc)
    if not doc.xpath("//a[contains(@class, 'nhsuk-skip-link')]"):
        problems.append("no skip link")
    if not doc.xpath("//main[@id='maincontent']"):
        problems.append("no main element with id maincontent")
    return problems


def check_fragment(text: str) -> list[str]:
    """A piece of a page htmx swaps in: checked as its page's parts are (ids, labels,
    forms); it has no title, skip link or h1 of its own."""
    if not text.strip():
        return []
    doc = lxml_html.fragment_fromstring(text, create_parent="div")
    return _parts_problems(doc)


def _parts_problems(doc: Any) -> list[str]:
    problems = []
    ids = Counter(doc.xpath("//@id"))
    problems += [f"duplicate id {i!r}" for i, n in ids.items() if n > 1]
    labels_for = set(doc.xpath("//label/@for"))
    for control in doc.xpath("//input | //select | //textarea"):
        kind = (control.get("type") or "text").lower()
        if control.tag == "input" and kind in UNLABELLED_TYPES:
            continue
        labelled = (
            control.get("id") in labels_for
            or control.get("aria-label")
            or control.get("aria-labelledby")
            or control.xpath("ancestor::label")
        )
        if not labelled:
            problems.append(f"unlabelled {control.tag} name={control.get('name')!r}")
    for form in doc.xpath("//form"):
        if not form.get("action") or not form.get("method"):
            problems.append(f"form without action or method: {lxml_html.tostring(form)[:120]!r}")
    return problems


def assert_good_page(text: str, url: str = "") -> None:
    problems = check_page(text, url)
    if problems:
        raise PageProblem(f"{url}: " + "; ".join(problems))


def assert_good_fragment(text: str, url: str = "") -> None:
    problems = check_fragment(text)
    if problems:
        raise PageProblem(f"{url} (fragment): " + "; ".join(problems))
