"""Forgot your password: the same answer for any address, a single-use link that
expires in an hour, kept hashed, and using it ends every session of that account."""

from __future__ import annotations

from datetime import timedelta

from backend.accounts import server
from backend.accounts.queries import now, token_hash
from backend.demo import email_of
from backend.mail.sender import deliver_due
from tests.conftest import DEMO_PASSWORD
from tests.support.client import texts
from tests.support.journeys import browser_as, new_browser, user_id, write_accounts

NEW = "a brand new long password"


def outbox(services):
    return services.accounts.reader.execute("SELECT * FROM mail_outbox ORDER BY id").fetchall()


def ask(client, email):
    return client.post_form("/forgot-password", {"email": email})


def reset_link(services, email) -> str:
    rows = [r for r in outbox(services) if r["to_address"] == email]
    assert rows, f"no mail to {email}"
    return rows[-1]["link"]


def path_of(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_sign_in_page_links_to_forgot_your_password(client):
    page = client.get("/sign-in")
    assert "Forgot your password?" in texts(page.text, "//a")


def test_the_answer_is_the_same_whether_or_not_the_account_exists(client, demo_services):
    services = demo_services[0]
    known = ask(client, email_of("alex"))
    unknown = ask(client, "nobody.here@example.nhs.uk")
    assert known.status_code == unknown.status_code == 200

    def said(response, email):
        return [t.replace(email, "EMAIL") for t in texts(response.text, "//main//*")]

    assert said(known, email_of("alex")) == said(unknown, "nobody.here@example.nhs.uk")
    assert [r["to_address"] for r in outbox(services)] == [email_of("alex")]


def test_the_link_is_built_from_the_base_url_and_kept_hashed(client, demo_services):
    services = demo_services[0]
    ask(client, email_of("alex"))
    link = reset_link(services, email_of("alex"))
    assert link.startswith(services.settings.base_url + "/reset-password?token=")
    token = link.split("token=")[1]
    stored = [
        r[0] for r in services.accounts.reader.execute("SELECT token_hash FROM password_resets")
    ]
    assert stored == [token_hash(token)]


def test_following_the_link_sets_the_password_signs_in_and_ends_other_sessions(
    client, demo_services
):
    services = demo_services[0]
    elsewhere = browser_as(client, "alex")
    assert elsewhere.get("/teams").status_code == 200
    ask(client, email_of("alex"))
    path = path_of(reset_link(services, email_of("alex")))
    assert client.get(path).status_code == 200
    token = path.split("token=")[1]
    done = client.post_form("/reset-password", {"token": token, "password": NEW})
    assert done.status_code == 200
    assert "Your password has been changed" in done.text
    assert client.get("/teams").status_code == 200  # signed in
    assert elsewhere.get("/teams", follow_redirects=False).status_code != 200
    fresh = new_browser(client)
    assert fresh.sign_in(email_of("alex"), NEW).status_code == 200
    assert (
        new_browser(client)
        .post_form("/sign-in", {"email": email_of("alex"), "password": DEMO_PASSWORD})
        .status_code
        == 422
    )
    # single use
    assert client.get(path).status_code == 410
    again = new_browser(client).post_form("/reset-password", {"token": token, "password": NEW})
    assert again.status_code == 410


def test_a_link_older_than_an_hour_no_longer_works(client, demo_services):
    services = demo_services[0]
    ask(client, email_of("alex"))
    path = path_of(reset_link(services, email_of("alex")))
    write_accounts(
        services,
        "UPDATE password_resets SET expires_at = ?",
        [(now() - timedelta(seconds=1)).isoformat()],
    )
    assert client.get(path).status_code == 410
    assert "This link no longer works" in client.get(path).text


def test_a_short_password_is_refused_and_the_link_still_works(client, demo_services):
    services = demo_services[0]
    ask(client, email_of("alex"))
    path = path_of(reset_link(services, email_of("alex")))
    token = path.split("token=")[1]
    response = client.post_form("/reset-password", {"token": token, "password": "short"})
    assert response.status_code == 422
    assert "Password must be 10 characters or more" in response.text
    assert client.get(path).status_code == 200


def test_at_most_three_links_an_hour_per_account(client, demo_services):
    services = demo_services[0]
    for _ in range(5):
        assert ask(client, email_of("alex")).status_code == 200
    assert len(outbox(services)) == 3


def test_the_email_is_delivered_with_the_link(client, demo_services, capsys):
    services = demo_services[0]
    ask(client, email_of("alex"))
    deliver_due(services)
    [eml] = services.settings.mail_dir.glob("*.eml")
    body = eml.read_bytes().decode()
    assert "Subject: Reset your MBP Journey password" in body
    assert "Reset your MBP Journey password" in capsys.readouterr().out


def test_a_bad_email_address_says_so(client):
    response = ask(client, "not an address")
    assert response.status_code == 422


def test_the_admin_can_send_a_reset(client, demo_services):
    services = demo_services[0]
    services.accounts.write_sync(lambda c: server.make_admin(c, user_id(services, "sam")))
    client.sign_in(email_of("sam"), DEMO_PASSWORD)
    alex = user_id(services, "alex")
    response = client.post_form(f"/admin/accounts/{alex}/reset")
    assert "A password-reset email is on its way" in response.text
    assert [r["to_address"] for r in outbox(services)] == [email_of("alex")]
