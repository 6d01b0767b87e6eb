"""Optional self sign-up: off by default; with MBP_SIGNUP_DOMAINS, only those domains,
after the address is confirmed by email."""

from __future__ import annotations

import dataclasses

import pytest

from backend.app import build_services, create_app
from tests.support.client import Client, texts
from tests.support.journeys import new_browser


@pytest.fixture
def open_client(settings):
    services = build_services(dataclasses.replace(settings, signup_domains=("nhs.net", "nhs.scot")))
    with Client(app=create_app(services.settings, services)) as client:
        yield client, services
    services.close()


def outbox(services):
    return services.accounts.reader.execute("SELECT * FROM mail_outbox ORDER BY id").fetchall()


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_sign_up_is_off_by_default(client):
    assert client.get("/sign-up").status_code == 404
    assert client.post_form("/sign-up", {"email": "a@nhs.net"}).status_code == 404
    assert "Create an account" not in texts(client.get("/sign-in").text, "//a")


def test_an_allowed_address_confirms_then_makes_its_account(open_client):
    client, services = open_client
    assert "Create an account" in texts(client.get("/sign-in").text, "//a")
    sent = client.post_form("/sign-up", {"email": "Pat.Smith@nhs.net"})
    assert sent.status_code == 200
    [mail] = outbox(services)
    assert mail["to_address"] == "Pat.Smith@nhs.net"
    path = path_of(mail["link"])
    page = client.get(path)
    assert "pat.smith@nhs.net" in page.text
    token = path.split("token=")[1]
    made = client.post_form(
        "/sign-up/confirm", {"token": token, "name": "Pat Smith", "password": "a long password"}
    )
    assert made.status_code == 200
    assert "Your account has been made" in made.text
    assert client.get(path).status_code == 410  # single use
    other = new_browser(client)
    assert other.sign_in("pat.smith@nhs.net", "a long password").status_code == 200


def test_other_domains_are_refused_with_a_message(open_client):
    client, services = open_client
    response = client.post_form("/sign-up", {"email": "someone@gmail.com"})
    assert response.status_code == 422
    assert "Enter an email address ending in nhs.net, nhs.scot" in response.text
    assert outbox(services) == []


def test_an_existing_account_gets_the_same_answer_and_no_mail(open_client):
    client, services = open_client
    client.post_form("/sign-up", {"email": "pat@nhs.net"})
    token = outbox(services)[0]["link"].split("token=")[1]
    client.post_form(
        "/sign-up/confirm", {"token": token, "name": "Pat", "password": "a long password"}
    )
    other = new_browser(client)
    again = other.post_form("/sign-up", {"email": "pat@nhs.net"})
    assert again.status_code == 200
    assert len(outbox(services)) == 1
