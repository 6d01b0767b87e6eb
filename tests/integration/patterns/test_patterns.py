"""/patterns: every shared part in every state, on a development server only."""

from __future__ import annotations

from dataclasses import replace

from lxml import html as lxml_html

from backend.adherence.rules.results import Status
from backend.app import build_services, create_app
from backend.settings import Settings
from tests.support.client import Client


def test_not_found_unless_the_server_runs_for_development(client: Client) -> None:
    assert client.get("/patterns").status_code == 404


def test_every_part_in_every_state(settings: Settings) -> None:
    services = build_services(replace(settings, patterns=True))
    try:
        with Client(app=create_app(services.settings, services)) as client:
            answer = client.get("/patterns")
    finally:
        services.close()
    assert answer.status_code == 200
    doc = lxml_html.document_fromstring(answer.text)
    sections = doc.xpath("//h2/text()")
    for heading in (
        "Form fields",
        "Tags",
        "Messages and callouts",
        "Summary lists and tables",
        "Cards",
        "Charts",
    ):
        assert heading in sections, heading
    # Each field in its three states: empty, filled in (value kept), and in error.
    assert doc.xpath("//input[@id='empty-name']/@value") in ([], [""])
    assert doc.xpath("//input[@id='filled-name']/@value") == ["Riverside Mindfulness Service"]
    assert doc.xpath(
        "//input[@id='error-name']/ancestor::*[contains(@class, 'nhsuk-form-group--error')]"
    )
    # The error summary links to every field in error, and each link has its target.
    links = doc.xpath("//*[contains(@class, 'nhsuk-error-summary')]//a/@href")
    assert len(links) == 5
    for link in links:
        assert doc.xpath(f"//*[@id='{link[1:]}']"), link
    tags = " ".join(doc.xpath("//strong[contains(@class, 'nhsuk-tag')]//text()"))
    for status in Status:
        assert status.label in tags, status
    assert "Signed off" in tags
    assert "Not signed off yet" in tags
    assert doc.xpath("//svg[@role='img']/title")
    # The case's power/interest grid, a quarter holding more than it names, and its table.
    grid = doc.xpath("//svg[contains(@class, 'app-case-grid')]")
    assert len(grid) == 1
    assert "and 2 more" in grid[0].text_content()
    assert len(doc.xpath("//table[.//th[text()='Approach']]//tbody/tr")) == 11
