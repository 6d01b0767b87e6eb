"""Guessing passwords: slowed per email and per client address, counted atomically,
never a lockout of the owner; attempts at the current password limited and recorded."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from backend.accounts import throttle
from backend.app import build_services
from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD
from tests.support.journeys import new_browser, write_accounts


def sign_in(client, email, password, address=None):
    return client.post_form(
        "/sign-in", {"email": email, "password": password}, follow_redirects=False
    )


def events(services, kind):
    return services.accounts.reader.execute(
        "SELECT * FROM account_events WHERE kind = ?", [kind]
    ).fetchall()


def test_one_password_against_many_accounts_is_slowed_per_address(client, demo_services):
    for i in range(30):
        assert sign_in(client, f"person{i}@trust.nhs.uk", "Summer2026!").status_code == 422
    response = sign_in(client, "person99@trust.nhs.uk", "Summer2026!")
    assert response.status_code == 429
    # Thirty seconds after the last guess, one more try is allowed from that address.
    earlier = (datetime.now(UTC) - timedelta(seconds=31)).isoformat()
    write_accounts(demo_services[0], "UPDATE account_events SET at = ?", [earlier])
    assert sign_in(client, email_of("sam"), DEMO_PASSWORD).status_code == 303


def test_concurrent_guesses_never_get_past_the_limit(demo_services):
    services = demo_services[0]
    others = [build_services(services.settings) for _ in range(4)]
    rules = ((throttle.SIGN_IN_BY_EMAIL, "email"), (throttle.SIGN_IN_BY_CLIENT, "client"))
    claimed: list[object] = []
    barrier = threading.Barrier(len(others))

    def guess(s):
        barrier.wait()
        for _ in range(10):
            got = s.accounts.write_sync(
                lambda c: throttle.claim(c, rules, email_of("sam"), "10.0.0.9", "test")
            )
            claimed.append(got)

    threads = [threading.Thread(target=guess, args=(s,)) for s in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in others:
        s.close()
    assert sum(isinstance(c, int) for c in claimed) == throttle.SIGN_IN_BY_EMAIL.limit


def test_a_password_reset_lets_the_owner_straight_back_in(client, demo_services):
    for attempt in range(10):
        sign_in(client, email_of("sam"), f"guess {attempt}")
    assert sign_in(client, email_of("sam"), DEMO_PASSWORD).status_code == 429
    client.post_form("/forgot-password", {"email": email_of("sam")})
    link = demo_services[0].accounts.reader.execute("SELECT link FROM mail_outbox").fetchone()[0]
    token = link.split("token=")[1]
    fresh = new_browser(client)
    done = fresh.post_form("/reset-password", {"token": token, "password": "a brand new password"})
    assert done.status_code == 200
    other = new_browser(client)
    assert sign_in(other, email_of("sam"), "a brand new password").status_code == 303


def test_attempts_at_the_current_password_are_limited_and_recorded(signed_in, demo_services):
    client = signed_in("sam")
    for attempt in range(5):
        response = client.post_form(
            "/profile/password",
            {"current_password": f"guess {attempt}", "new_password": "a new long password"},
        )
        assert response.status_code == 422
        assert "Your current password is not correct" in response.text
    limited = client.post_form(
        "/profile/password",
        {"current_password": DEMO_PASSWORD, "new_password": "a new long password"},
    )
    assert limited.status_code == 429
    assert "Too many attempts at your current password" in limited.text
    assert len(events(demo_services[0], "password-check-failed")) == 5


def test_team_creation_is_limited_per_account_per_day(signed_in, demo_services):
    client = signed_in("chris")
    for i in range(5):
        made = client.post_form("/teams/new", {"name": f"Team {i}"}, follow_redirects=False)
        assert made.status_code == 303
    refused = client.post_form("/teams/new", {"name": "One too many"})
    assert refused.status_code == 429
    assert "You can create 5 teams a day" in refused.text
    assert 'value="One too many"' in refused.text
    a_day_ago = (datetime.now(UTC) - timedelta(days=1, seconds=1)).isoformat()
    write_accounts(demo_services[0], "UPDATE team_creations SET created_at = ?", [a_day_ago])
    assert (
        client.post_form("/teams/new", {"name": "Next day"}, follow_redirects=False).status_code
        == 303
    )
