"""Certificates and letters attached to training, retreat and CPD records: attached through
the record's page (or sent with a new record, or pushed by a device's outbox), downloaded
only by the teacher, their supervisor and the team's leads, removed by the teacher,
carried by the exports and gone when the teacher is forgotten."""

from __future__ import annotations

import base64
import io
import json
import uuid
import zipfile

import pytest

from backend.adherence.evidence import ARGS_BYTES
from backend.demo import email_of
from backend.filetypes import MAX_BYTES
from tests.conftest import DEMO_PASSWORD
from tests.support.client import form_values
from tests.support.journeys import query, user_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _retreat_of(services, team, person: str) -> str:
    rows = query(
        services,
        team,
        "SELECT id FROM retreats WHERE teacher_id = ? AND deleted_at IS NULL",
        [user_id(services, person)],
    )
    assert rows, f"{person} has no retreat in the demo"
    return str(rows[0]["id"])


def _attach(client, team, record_id, name, content, slug="retreats"):
    page = f"/teams/{team}/practice/{slug}/{record_id}"
    shown = client.get(page)
    assert shown.status_code == 200
    hidden = form_values(shown.text, f"{page}/evidence")
    return client.post(
        f"{page}/evidence",
        data=hidden,
        files={"file": (name, content, "application/octet-stream")},
        follow_redirects=False,
    )


@pytest.fixture
def attached(signed_in, demo_services, teams):
    """Tom (whose usual supervisor is Jo) attaches a PDF to his retreat."""
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    record_id = _retreat_of(services, team, "tom")
    response = _attach(client, team, record_id, "Course certificate.pdf", PDF)
    assert response.status_code == 303, response.text[:500]
    assert response.headers["location"].endswith(f"/retreats/{record_id}#evidence")
    rows = query(services, team, "SELECT * FROM evidence WHERE record_id = ?", [record_id])
    assert len(rows) == 1
    return team, record_id, str(rows[0]["id"])


def test_the_teacher_attaches_a_pdf_and_sees_it_listed(attached, client, demo_services):
    team, record_id, evidence_id = attached
    page = client.get(f"/teams/{team}/practice/retreats/{record_id}")
    assert "Course certificate.pdf" in page.text
    assert f"/teams/{team}/evidence/{evidence_id}" in page.text
    assert "Remove" in page.text
    audit = query(demo_services[0], team, "SELECT name FROM audit ORDER BY id DESC LIMIT 1")[0][
        "name"
    ]
    assert audit == "evidence.attach"
    # The bytes are kept once, in the team's file; the change log names the file only.
    stored = query(demo_services[0], team, "SELECT content FROM evidence_files")
    assert [bytes(r["content"]) for r in stored] == [PDF]
    logged = query(demo_services[0], team, "SELECT data FROM changes WHERE entity = 'evidence'")
    assert "content" not in json.loads(logged[0]["data"])


def test_the_download_is_an_attachment_of_the_checked_type(attached, client):
    team, _, evidence_id = attached
    response = client.get(f"/teams/{team}/evidence/{evidence_id}")
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="Course certificate.pdf"'
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("sandbox")


@pytest.mark.parametrize(
    ("person", "status"),
    [("tom", 200), ("jo", 200), ("alex", 200), ("sam", 404), ("chris", 404), ("morgan", 404)],
)
def test_who_may_download_it(attached, client, person, status):
    team, _, evidence_id = attached
    client.sign_in(email_of(person), DEMO_PASSWORD)
    response = client.get(f"/teams/{team}/evidence/{evidence_id}", follow_redirects=False)
    assert response.status_code == status


def test_nobody_signed_in_is_sent_to_sign_in(attached, client):
    team, _, evidence_id = attached
    client.cookies.clear()
    url = f"/teams/{team}/evidence/{evidence_id}"
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


def test_another_teams_ids_never_work(attached, client, teams):
    _, _, evidence_id = attached
    client.sign_in(email_of("morgan"), DEMO_PASSWORD)  # a lead at Hillside
    other = teams["hillside"]
    assert client.get(f"/teams/{other}/evidence/{evidence_id}").status_code == 404


def test_the_supervisor_sees_it_on_the_record_but_cannot_remove_it(attached, client, demo_services):
    team, record_id, evidence_id = attached
    tom = user_id(demo_services[0], "tom")
    client.sign_in(email_of("jo"), DEMO_PASSWORD)
    page = client.get(f"/teams/{team}/adherence/people/{tom}/records/retreats/{record_id}")
    assert page.status_code == 200
    assert "Course certificate.pdf" in page.text
    assert "/remove" not in page.text
    removed = client.post_form(
        f"/teams/{team}/evidence/{evidence_id}/remove", {}, follow_redirects=False
    )
    assert removed.status_code == 404
    assert query(demo_services[0], team, "SELECT count(*) AS n FROM evidence")[0]["n"] == 1


def test_a_colleague_cannot_attach_to_someone_elses_record(attached, client):
    team, record_id, _ = attached
    client.sign_in(email_of("sam"), DEMO_PASSWORD)
    response = client.post(
        f"/teams/{team}/practice/retreats/{record_id}/evidence",
        data={"_csrf_token": client.csrf},
        files={"file": ("x.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert response.status_code == 404


def test_the_teacher_removes_it_and_its_bytes_go(attached, client, demo_services):
    team, record_id, evidence_id = attached
    page = client.get(f"/teams/{team}/practice/retreats/{record_id}")
    hidden = form_values(page.text, f"/teams/{team}/evidence/{evidence_id}/remove")
    removed = client.post(
        f"/teams/{team}/evidence/{evidence_id}/remove", data=hidden, follow_redirects=False
    )
    assert removed.status_code == 303
    services = demo_services[0]
    assert query(services, team, "SELECT count(*) AS n FROM evidence")[0]["n"] == 0
    assert query(services, team, "SELECT count(*) AS n FROM evidence_files")[0]["n"] == 0
    assert client.get(f"/teams/{team}/evidence/{evidence_id}").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.pdf", b"GIF89a not a certificate", "The selected file must be a PDF, JPEG or PNG"),
        ("letter.pdf", b"<svg onload=alert(1)>", "The selected file must be a PDF, JPEG or PNG"),
        (
            "big.pdf",
            b"%PDF-" + b"0" * (MAX_BYTES - 4),
            "The selected file must be smaller than 10 MB",
        ),
        ("empty.pdf", b"", "Select a file"),
    ],
)
def test_a_file_that_may_not_be_kept_gets_an_nhs_message(
    signed_in, demo_services, teams, name, content, message
):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    record_id = _retreat_of(services, team, "tom")
    response = _attach(client, team, record_id, name, content)
    assert response.status_code == 422
    assert message in response.text
    assert 'href="#file"' in response.text  # the error summary leads to the upload
    assert query(services, team, "SELECT count(*) AS n FROM evidence")[0]["n"] == 0


def test_no_file_chosen_says_select_a_file(signed_in, demo_services, teams):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    record_id = _retreat_of(services, team, "tom")
    page = f"/teams/{team}/practice/retreats/{record_id}"
    hidden = form_values(client.get(page).text, f"{page}/evidence")
    response = client.post(f"{page}/evidence", data=hidden, follow_redirects=False)
    assert response.status_code == 422
    assert "Select a file" in response.text


def test_a_png_named_pdf_is_kept_as_the_png_it_is(signed_in, demo_services, teams):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    record_id = _retreat_of(services, team, "tom")
    assert _attach(client, team, record_id, "scan.pdf", PNG).status_code == 303
    row = query(services, team, "SELECT * FROM evidence")[0]
    assert (row["file_type"], row["file_name"]) == ("png", "scan.png")
    download = client.get(f"/teams/{team}/evidence/{row['id']}")
    assert download.headers["content-type"] == "image/png"


def test_a_certificate_sent_with_a_new_training_record(signed_in, demo_services, teams):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    page = client.get(f"/teams/{team}/practice/training/new")
    assert "Attach a certificate or letter (PDF, JPEG or PNG, up to 10 MB)" in page.text
    hidden = form_values(page.text, f"/teams/{team}/practice/training")
    fields = {
        **hidden,
        "organisation": "Bangor Centre for Mindfulness",
        "start_date-day": "1",
        "start_date-month": "3",
        "start_date-year": "2025",
        "end_date-day": "5",
        "end_date-month": "3",
        "end_date-year": "2025",
        "hours": "30",
    }
    response = client.post(
        f"/teams/{team}/practice/training",
        data=fields,
        files={"file": ("Bangor.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:2000]
    row = query(services, team, "SELECT * FROM evidence")[0]
    record = query(
        services, team, "SELECT * FROM teacher_trainings WHERE id = ?", [row["record_id"]]
    )
    assert record[0]["organisation"] == "Bangor Centre for Mindfulness"
    assert row["file_name"] == "Bangor.pdf"


def _push(client, team, mutations):
    return client.post(
        f"/api/teams/{team}/sync/push",
        json={"mutations": mutations},
        headers={"x-csrf-token": client.csrf},
    )


def test_a_device_pushes_a_file_as_base64(signed_in, demo_services, teams):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    record_id = _retreat_of(services, team, "tom")
    mutation = {
        "id": str(uuid.uuid4()),
        "name": "evidence.attach",
        "client_id": "device-test",
        "seq": 1,
        "args": {
            "kind": "retreats",
            "record_id": record_id,
            "file": base64.b64encode(PDF).decode(),
            "file_name": "From my phone.pdf",
        },
    }
    response = _push(client, team, [mutation])
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "applied"
    again = _push(client, team, [mutation])
    assert again.json()["results"][0]["status"] == "duplicate"
    assert query(services, team, "SELECT count(*) AS n FROM evidence")[0]["n"] == 1


def test_a_pushed_file_over_10_mb_is_refused_on_its_decoded_bytes(signed_in, demo_services, teams):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    record_id = _retreat_of(services, team, "tom")
    big = base64.b64encode(b"%PDF-" + b"0" * MAX_BYTES).decode()
    assert len(big) + 200 < ARGS_BYTES
    mutation = {
        "id": str(uuid.uuid4()),
        "name": "evidence.attach",
        "client_id": "device-test",
        "seq": 1,
        "args": {"kind": "retreats", "record_id": record_id, "file": big, "file_name": "x.pdf"},
    }
    result = _push(client, team, [mutation]).json()["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["file"] == "The selected file must be smaller than 10 MB"


def test_a_large_push_is_only_allowed_for_one_file_alone(signed_in, teams):
    team = teams["riverside"]
    client = signed_in("tom")
    filler = "x" * (60 * 1024)
    many = [
        {
            "id": str(uuid.uuid4()),
            "name": "practice.profile",
            "client_id": "device-test",
            "args": {"professional_background": filler},
        }
        for _ in range(40)
    ]
    assert _push(client, team, many).status_code == 413


def test_the_exports_carry_the_file(attached, client, teams):
    team, _, evidence_id = attached
    mine = zipfile.ZipFile(io.BytesIO(client.get("/profile/export.zip").content))
    assert mine.read(f"teams/{team}/evidence/{evidence_id}-Course certificate.pdf") == PDF
    client.sign_in(email_of("alex"), DEMO_PASSWORD)
    whole = zipfile.ZipFile(io.BytesIO(client.get(f"/teams/{team}/export.zip").content))
    assert whole.read(f"evidence/{evidence_id}-Course certificate.pdf") == PDF
    listed = whole.read("tables/evidence_files.csv").decode()
    assert "content_bytes" in listed
    assert PDF.decode()[:8] not in listed


def test_the_portfolio_lists_it_by_name(attached, client):
    team, _, _ = attached
    page = client.get(f"/teams/{team}/practice/portfolio?start=2000-01-01")
    assert page.status_code == 200
    assert "Course certificate.pdf" in page.text


def test_forgetting_the_teacher_deletes_the_file(attached, client, demo_services):
    team, _, evidence_id = attached
    services = demo_services[0]
    page = client.get("/profile/delete")
    assert page.status_code == 200
    hidden = form_values(page.text, "/profile/delete")
    gone = client.post(
        "/profile/delete",
        data={**hidden, "current_password": DEMO_PASSWORD},
        follow_redirects=False,
    )
    assert gone.status_code == 303, gone.text[:1000]
    assert query(services, team, "SELECT count(*) AS n FROM evidence")[0]["n"] == 0
    assert query(services, team, "SELECT count(*) AS n FROM evidence_files")[0]["n"] == 0
    history = query(services, team, "SELECT data FROM changes WHERE entity = 'evidence'")
    assert all("Course certificate" not in r["data"] for r in history)
    assert evidence_id


def test_the_annual_report_never_names_it(attached, client):
    team, _, _ = attached
    client.sign_in(email_of("alex"), DEMO_PASSWORD)
    report = client.get(f"/teams/{team}/reports/annual")
    assert report.status_code == 200
    assert "Course certificate" not in report.text


def test_only_the_teacher_pulls_the_attachment_row(attached, client):
    team, _, evidence_id = attached

    def pulled(person: str) -> list[str]:
        client.sign_in(email_of(person), DEMO_PASSWORD)
        answer = client.get(f"/api/teams/{team}/sync/pull?since=0&client_id=test").json()
        return [c["entity_id"] for c in answer["changes"] if c["entity"] == "evidence"]

    assert evidence_id in pulled("tom")
    assert evidence_id not in pulled("sam")


def test_the_supervisors_record_page_keeps_its_own_forms(attached, client, demo_services):
    team, record_id, _ = attached
    tom = user_id(demo_services[0], "tom")
    client.sign_in(email_of("jo"), DEMO_PASSWORD)
    page = client.get(f"/teams/{team}/adherence/people/{tom}/records/retreats/{record_id}")
    assert f'action="/teams/{team}/adherence/people/{tom}/comment"' in page.text
