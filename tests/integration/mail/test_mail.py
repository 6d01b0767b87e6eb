"""The outbox and the sender against a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest

from backend.accounts.queries import now
from backend.app import build_services
from backend.db.connection import immediate
from backend.mail import outbox
from backend.mail.compose import compose
from backend.mail.sender import deliver_due
from tests.support.smtp import free_port, html_of, smtp_server, text_of


def smtp_settings(settings, port):
    return dataclasses.replace(
        settings, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", mail_from="MBP <m@x.uk>"
    )


def queue(services, *addresses: str, dedupe: str | None = None) -> None:
    def work(conn):
        with immediate(conn):
            for address in addresses:
                email = compose(
                    address,
                    "Reset your password",
                    ["Someone asked to reset the password of your account."],
                    link="https://mbp.example.nhs.uk/reset-password?token=abc",
                    action="Choose a new password",
                )
                outbox.queue(conn, email, "test", dedupe)

    services.accounts.write_sync(work)


def rows(services):
    return services.accounts.reader.execute("SELECT * FROM mail_outbox ORDER BY id").fetchall()


@pytest.fixture
def smtp_services(settings):
    with smtp_server() as (inbox, port):
        services = build_services(smtp_settings(settings, port))
        yield services, inbox
        services.close()


def test_a_queued_message_is_sent_once_with_text_and_html(smtp_services):
    services, inbox = smtp_services
    queue(services, "a@trust.nhs.uk")
    assert deliver_due(services) == 1
    assert deliver_due(services) == 0
    [message] = inbox.messages
    assert message["To"] == "a@trust.nhs.uk"
    assert message["From"] == "MBP <m@x.uk>"
    assert message["Subject"] == "Reset your password"
    assert "https://mbp.example.nhs.uk/reset-password?token=abc" in text_of(message)
    html = html_of(message)
    assert '<html lang="en">' in html
    assert 'href="https://mbp.example.nhs.uk/reset-password?token=abc"' in html
    assert rows(services)[0]["sent_at"] is not None


def test_smtp_down_for_a_while_then_every_message_sent_once(settings):
    port = free_port()
    services = build_services(smtp_settings(settings, port))
    queue(services, "a@trust.nhs.uk", "b@trust.nhs.uk", "c@trust.nhs.uk")
    assert deliver_due(services) == 3  # nobody listening: all wait
    assert all(r["sent_at"] is None and r["failed_at"] is None for r in rows(services))
    assert deliver_due(services) == 0  # backing off: not tried again at once
    later = now() + timedelta(seconds=31)
    assert deliver_due(services, later) == 3  # still down
    with smtp_server(port) as (inbox, _):
        assert deliver_due(services, now() + timedelta(minutes=5)) == 3
        assert deliver_due(services, now() + timedelta(hours=5)) == 0
        assert sorted(m["To"] for m in inbox.messages) == [
            "a@trust.nhs.uk",
            "b@trust.nhs.uk",
            "c@trust.nhs.uk",
        ]
    assert all(r["sent_at"] is not None and r["attempts"] == 3 for r in rows(services))
    services.close()


def test_two_senders_at_once_send_each_message_once(smtp_services, settings):
    services, inbox = smtp_services
    other = build_services(services.settings)  # another worker process on the same files
    queue(services, *(f"p{i}@trust.nhs.uk" for i in range(20)))
    barrier = threading.Barrier(2)

    def run(s):
        barrier.wait()
        while deliver_due(s):
            pass

    threads = [threading.Thread(target=run, args=(s,)) for s in (services, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        f"p{i}@trust.nhs.uk" for i in range(20)
    )


def test_a_permanent_refusal_is_recorded_and_not_retried(smtp_services):
    services, inbox = smtp_services

    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 No such user here"

    inbox.handle_RCPT = refuse
    queue(services, "nobody@trust.nhs.uk")
    assert deliver_due(services) == 1
    [row] = rows(services)
    assert row["failed_at"] is not None
    assert "550" in row["last_error"]
    assert deliver_due(services, now() + timedelta(days=2)) == 0
    assert [q.email.to for q in outbox.failed(services.accounts.reader)] == ["nobody@trust.nhs.uk"]


def test_the_same_dedupe_key_is_queued_once(smtp_services):
    services, _ = smtp_services
    queue(services, "a@trust.nhs.uk", dedupe="digest:a:2026-W10")
    queue(services, "a@trust.nhs.uk", dedupe="digest:a:2026-W10")
    assert len(rows(services)) == 1


def test_without_smtp_each_message_is_written_as_eml_and_printed(services, capsys):
    queue(services, "a@trust.nhs.uk")
    assert deliver_due(services) == 1
    files = list(services.settings.mail_dir.glob("*.eml"))
    assert len(files) == 1
    assert b"Subject: Reset your password" in files[0].read_bytes()
    out = capsys.readouterr().out
    assert "Email to a@trust.nhs.uk: Reset your password" in out
    assert "https://mbp.example.nhs.uk/reset-password?token=abc" in out


def test_a_rolled_back_change_queues_nothing(services):
    def work(conn):
        with immediate(conn):
            outbox.queue(conn, compose("a@x.uk", "Hello", ["Hi"]), "test")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        services.accounts.write_sync(work)
    assert rows(services) == []


def test_the_served_app_sends_in_the_background(settings):
    import time

    from backend.app import create_app
    from tests.support.client import Client
    from tests.support.served import pause

    with smtp_server() as (inbox, port):
        served = dataclasses.replace(smtp_settings(settings, port), send_mail=True)
        services = build_services(served)
        with Client(app=create_app(served, services)):
            queue(services, "a@trust.nhs.uk")
            deadline = time.monotonic() + 10
            while not inbox.messages and time.monotonic() < deadline:
                pause(0.05)
        assert [m["To"] for m in inbox.messages] == ["a@trust.nhs.uk"]
        services.close()


def test_the_admin_page_shows_mail_given_up_on(demo_services):
    from backend.accounts import server
    from backend.app import create_app
    from backend.demo import email_of
    from tests.conftest import DEMO_PASSWORD
    from tests.support.client import Client
    from tests.support.journeys import user_id

    services = demo_services[0]

    def given_up(conn):
        with immediate(conn):
            outbox.queue(conn, compose("lost@trust.nhs.uk", "An invitation", ["Hi"]), "test")
            conn.execute("UPDATE mail_outbox SET failed_at = ?, last_error = '550 no'", [now()])

    services.accounts.write_sync(given_up)
    services.accounts.write_sync(lambda c: server.make_admin(c, user_id(services, "sam")))
    with Client(app=create_app(services.settings, services)) as client:
        client.sign_in(email_of("sam"), DEMO_PASSWORD)
        page = client.get("/admin")
    assert "lost@trust.nhs.uk" in page.text
    assert "550 no" in page.text
