"""A supervisor's supervisees across all their teams, on one page."""

from __future__ import annotations

from lxml import html as lxml_html

from tests.support.client import texts


def test_a_supervisor_sees_every_supervisee_in_every_team_most_to_sign_off_first(signed_in, teams):
    alex = signed_in("alex")
    page = alex.get("/supervising")
    assert page.status_code == 200
    names = texts(page.text, "//table//tbody//th")
    assert sorted(names) == ["Chris Wong", "Jo Clarke", "Morgan Lee"]  # Hillside only
    counts = [int(t.split()[0]) for t in texts(page.text, "//table//tbody//tr/td[1]")]
    assert counts == sorted(counts, reverse=True)
    assert set(texts(page.text, "//table//tbody//tr/td[3]")) == {"Hillside MBSR service"}
    assert "Sam Patel" not in page.text  # alex leads Riverside but supervises nobody there


def test_the_supervisees_link_to_their_pages_and_the_records_to_sign_off(signed_in, teams):
    jo = signed_in("jo")
    page = jo.get("/supervising")
    assert sorted(texts(page.text, "//table//tbody//th")) == [
        "Priya Shah",
        "Sam Patel",
        "Tom Evans",
    ]
    doc = lxml_html.document_fromstring(page.text)
    link = doc.xpath("//table//tbody//th/a/@href")[0]
    assert jo.get(link).status_code == 200
    assert link.startswith(f"/teams/{teams['riverside']}/adherence/people/")
    dashboard = jo.get(f"/teams/{teams['riverside']}/adherence")
    assert "/supervising" in dashboard.text


def test_someone_who_supervises_nobody_is_told_so(signed_in):
    sam = signed_in("sam")
    page = sam.get("/supervising")
    assert page.status_code == 200
    assert "No one has named you as their usual supervisor yet" in page.text


def test_the_dashboard_puts_name_overall_and_to_sign_off_first_in_a_labelled_region(
    signed_in, teams
):
    jo = signed_in("jo")
    page = jo.get(f"/teams/{teams['riverside']}/adherence")
    doc = lxml_html.document_fromstring(page.text)
    headers = [h.text_content().strip() for h in doc.xpath("//table//thead//th")]
    assert headers[:3] == ["Name", "Overall", "To sign off"]
    assert len(headers) > 3  # the standards follow
    region = doc.xpath("//div[contains(@class, 'app-table-scroll')]")[0]
    assert region.get("role") == "region"
    assert region.get("tabindex") == "0"
    caption = doc.xpath(f"//*[@id='{region.get('aria-labelledby')}']")[0]
    assert "practitioners" in caption.text_content()
    assert doc.xpath(f"//*[@id='{region.get('aria-describedby')}']")
