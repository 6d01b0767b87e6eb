"""Sign-off in place, withdrawing a sign-off, bulk sign-off after a confirmation, and a
supervisor's comments that the teacher sees."""

from __future__ import annotations

from lxml import html

from tests.support.client import texts
from tests.support.journeys import browser_as, query, user_id


def _unsigned_session(services, team: str, teacher: str) -> str:
    rows = query(
        services,
        team,
        "SELECT id FROM supervision_sessions WHERE teacher_id = ? AND verified_at IS NULL"
        " AND deleted_at IS NULL",
        [teacher],
    )
    assert rows
    return str(rows[0]["id"])


def _form(page_text: str, action: str, record: str) -> dict[str, str]:
    doc = html.document_fromstring(page_text)
    [form] = [
        f
        for f in doc.xpath(f"//form[@action='{action}']")
        if f.xpath(f".//input[@value='{record}']")
    ]
    return {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden']")}


def test_signing_off_returns_to_the_record_which_htmx_swaps_alone(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    url = f"/teams/{team}/adherence/people/{sam}"
    record = _unsigned_session(services, team, sam)
    page = jo.get(url)
    doc = html.document_fromstring(page.text)
    [item] = doc.xpath(f"//li[@id='record-{record}']")
    [form] = item.xpath(f".//form[@action='{url}/verify']")
    assert form.get("data-hx-target") == f"#record-{record}"
    assert form.get("data-hx-select") == f"#record-{record}"
    assert form.get("data-hx-swap") == "outerHTML"
    response = jo.post_form(
        f"{url}/verify", _form(page.text, f"{url}/verify", record), follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{url}?done={record}#record-{record}"
    after = html.document_fromstring(jo.get(response.headers["location"]).text)
    [item] = after.xpath(f"//li[@id='record-{record}']")
    assert item.get("autofocus") is not None
    assert item.get("tabindex") == "-1"
    assert "Signed off" in item.text_content()
    assert item.xpath(f".//form[@action='{url}/withdraw']")


def test_a_sign_off_can_be_withdrawn_and_the_audit_says_so(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    url = f"/teams/{team}/adherence/people/{sam}"
    record = _unsigned_session(services, team, sam)
    jo.post_form(f"{url}/verify", _form(jo.get(url).text, f"{url}/verify", record))
    record_page = jo.get(f"{url}/records/supervision/{record}")
    assert record_page.status_code == 200
    withdrawn = jo.post_form(
        f"{url}/withdraw",
        _form(record_page.text, f"{url}/withdraw", record),
        follow_redirects=False,
    )
    assert withdrawn.status_code == 303
    [row] = query(
        services, team, "SELECT verified_at FROM supervision_sessions WHERE id = ?", [record]
    )
    assert row["verified_at"] is None
    [audit] = query(
        services, team, "SELECT summary, actor_name FROM audit ORDER BY version DESC LIMIT 1"
    )
    assert audit["summary"] == "Withdrew the sign-off of a supervision session for Sam Patel"
    assert audit["actor_name"] == "Jo Clarke"
    # Not signed off now: withdrawing again is refused with a message, not a 500.
    hidden = _form(jo.get(url).text, f"{url}/verify", record)
    again = jo.post_form(f"{url}/withdraw", {**hidden, "mutation_id": ""})
    assert again.status_code == 422
    assert "not signed off" in again.text


def test_the_teacher_cannot_withdraw_or_comment_on_their_own_records(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam_id = user_id(services, "sam")
    sam = signed_in("sam")
    url = f"/teams/{team}/adherence/people/{sam_id}"
    record = _unsigned_session(services, team, sam_id)
    body = {"kind": "supervision", "record_id": record, "comment": "Mine"}
    assert sam.post_form(f"{url}/comment", body).status_code == 403
    assert sam.get(f"{url}/records/supervision/{record}").status_code == 403


def test_signing_off_everything_first_lists_what_will_be_signed(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    url = f"/teams/{team}/adherence/people/{sam}"
    page = jo.get(url)
    assert not html.document_fromstring(page.text).xpath(f"//form[@action='{url}/verify-all']")
    confirm = jo.get(f"{url}/verify-all")
    assert confirm.status_code == 200
    waiting = int(
        query(
            services,
            team,
            "SELECT count(*) AS n FROM supervision_sessions WHERE teacher_id = ?"
            " AND verified_at IS NULL AND deleted_at IS NULL",
            [sam],
        )[0]["n"]
    )
    listed = texts(confirm.text, "//main//ul[contains(@class, 'nhsuk-list--bullet')]/li")
    assert sum(1 for t in listed if t.startswith("Supervision")) == waiting
    assert texts(confirm.text, "//h1") == ["Sign off Sam Patel's records"]
    # Nothing is signed by looking.
    assert _unsigned_session(services, team, sam)


def test_a_supervisors_comment_shows_on_the_teachers_record_and_practice_page(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam_id = user_id(services, "sam")
    jo = signed_in("jo")
    url = f"/teams/{team}/adherence/people/{sam_id}"
    record = _unsigned_session(services, team, sam_id)
    assert f'href="{url}/records/supervision/{record}"' in jo.get(url).text
    hidden = _form(jo.get(f"{url}/records/supervision/{record}").text, f"{url}/comment", record)
    saved = jo.post_form(
        f"{url}/comment",
        {**hidden, "comment": "Thoughtful notes on the body scan."},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"].endswith(f"#record-{record}")
    shown = html.document_fromstring(jo.get(saved.headers["location"]).text)
    assert "Thoughtful notes" in shown.xpath(f"//li[@id='record-{record}']")[0].text_content()
    empty = jo.post_form(f"{url}/comment", {**hidden, "mutation_id": "", "comment": "  "})
    assert empty.status_code == 422
    assert texts(empty.text, "//h1") == [texts(empty.text, "//h1")[0]]
    assert "Enter comment" in " ".join(
        texts(empty.text, "//div[contains(@class, 'nhsuk-error-summary')]//li")
    )
    sam = browser_as(jo, "sam")
    practice = sam.get(f"/teams/{team}/practice")
    assert "Comments from your supervisor" in practice.text
    assert "Thoughtful notes on the body scan." in practice.text
    records = sam.get(f"/teams/{team}/practice/supervision?all=1")
    assert "Jo Clarke" in records.text
    assert "Thoughtful notes on the body scan." in records.text
    [audit] = query(services, team, "SELECT summary FROM audit ORDER BY version DESC LIMIT 1")
    assert audit["summary"] == "Commented on a supervision session for Sam Patel"
