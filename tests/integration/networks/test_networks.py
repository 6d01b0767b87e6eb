"""Networks: creating one, inviting a team, its lead accepting, reading, publishing,
searching, leaving; who may do each; files checked by their content."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import html as lxml_html

from backend.networks import files
from backend.networks.service import apply_network
from backend.validation import ValidationFailed
from tests.support.client import form_values, texts
from tests.support.journeys import browser_as
from tests.support.networks import actor, network_with_riverside

PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_files_are_known_by_their_content_not_their_name() -> None:
    assert files.sniff(PDF) == "pdf"
    assert files.sniff(_docx()) == "docx"
    assert files.sniff(b"\x89PNG\r\n\x1a\n....") == "png"
    assert files.sniff(b"MZ\x90\x00 an executable") is None
    assert files.sniff(b"PK\x03\x04 not really a zip") is None
    assert files.sniff(b"<svg onload=alert(1)>") is None


def test_a_network_is_created_a_team_invited_and_its_lead_accepts(client, teams) -> None:
    morgan = browser_as(client, "morgan")
    page = morgan.get("/networks/new")
    assert page.status_code == 200
    made = morgan.post_form("/networks/new", {"name": ""})
    assert made.status_code == 422
    assert "Enter network name" in made.text
    made = morgan.post_form("/networks/new", {"name": "North mindfulness network"})
    assert made.status_code == 200
    network_url = str(made.url.path)
    assert network_url.startswith("/networks/")
    network_id = network_url.rsplit("/", 1)[1]

    wrong = morgan.post_form(f"{network_url}/invite", {"team_id": "nosuchteam12"})
    assert wrong.status_code == 422
    assert "no team with that code" in wrong.text
    assert 'value="nosuchteam12"' in wrong.text  # the input is kept
    invited = morgan.post_form(f"{network_url}/invite", {"team_id": teams["riverside"]})
    assert invited.status_code == 200
    assert "Riverside MBCT service" in invited.text

    sam = browser_as(client, "sam")  # not yet in: Riverside is only invited
    assert sam.get(network_url).status_code == 404
    alex = browser_as(client, "alex")
    mine = alex.get("/networks")
    assert "North mindfulness network" in mine.text
    assert "Join for Riverside" in mine.text
    # Sam (a practitioner) cannot accept for the team.
    refused = sam.post_form(
        "/networks/invitations",
        {"network_id": network_id, "team_id": teams["riverside"], "answer": "accept"},
    )
    assert refused.status_code == 422
    joined = alex.post_form(
        "/networks/invitations",
        {"network_id": network_id, "team_id": teams["riverside"], "answer": "accept"},
    )
    assert joined.status_code == 200
    assert "Publish a resource" in joined.text
    assert sam.get(network_url).status_code == 200
    assert "North mindfulness network" in sam.get("/networks").text
    chris = browser_as(client, "chris")  # Hillside is not in the network
    assert chris.get(network_url).status_code == 404


def test_a_team_lead_publishes_a_file_and_everyone_in_the_network_finds_it(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    url = f"/networks/{network_id}"
    alex = browser_as(client, "alex")
    form = alex.get(f"{url}/resources/new")
    assert form.status_code == 200
    hidden = form_values(form.text, f"{url}/resources/new")
    fields = {
        **hidden,
        "title": "Business case template",
        "summary": "How we made the case for our MBCT programme to the trust board",
        "kind": "business-case",
        "characteristic": "top-down-buy-in",
        "stage": "starting_out",
        "theme": "",
        "url": "",
    }
    disguised = alex.post(
        f"{url}/resources/new",
        data=fields,
        files={"file": ("case.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )
    assert disguised.status_code == 422
    assert "must be a PDF" in disguised.text
    assert "Business case template" in disguised.text  # the input is kept
    too_big = b"%PDF-" + b"0" * (files.MAX_BYTES + 1)
    big = alex.post(
        f"{url}/resources/new", data=fields, files={"file": ("big.pdf", too_big, "application/pdf")}
    )
    assert big.status_code == 422
    assert "10 MB or smaller" in big.text
    published = alex.post(
        f"{url}/resources/new", data=fields, files={"file": ("case.pdf", PDF, "application/pdf")}
    )
    assert published.status_code == 200, published.text[:500]
    assert "Business case template" in published.text
    resource_path = str(published.url.path)

    sam = browser_as(client, "sam")
    assert sam.get(resource_path).status_code == 200
    got = sam.get(f"{resource_path}/file")
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"].startswith("application/pdf")
    assert sam.get(f"{url}/resources/new").status_code == 403  # practitioners read
    found = sam.get(url, params={"q": "trust boa"})
    assert texts(found.text, "//ul[@id='resources']//h3") == ["Business case template"]
    none = sam.get(url, params={"q": "retreat"})
    assert "No resources match your search" in none.text
    filtered = sam.get(url, params={"characteristic": "make-it-fit"})
    assert "Business case template" not in filtered.text
    assert sam.post_form(f"{resource_path}/remove", {}).status_code == 403
    chris = browser_as(client, "chris")
    assert chris.get(resource_path).status_code == 404
    assert chris.get(f"{resource_path}/file").status_code == 404
    # The network's lead moderates.
    morgan = browser_as(client, "morgan")
    removed = morgan.post_form(f"{resource_path}/remove", {})
    assert removed.status_code == 200
    assert sam.get(resource_path).status_code == 404


def test_a_link_resource_needs_https_and_a_link_or_a_file(client, demo_services, teams) -> None:
    services = demo_services[0]
    url = f"/networks/{network_with_riverside(services, teams['riverside'])}"
    alex = browser_as(client, "alex")
    fields = {"_csrf_token": alex.csrf, "title": "A", "summary": "B", "kind": "evidence"}
    neither = alex.post(
        f"{url}/resources/new", data=fields, files={"file": ("", b"", "application/octet-stream")}
    )
    assert neither.status_code == 422
    assert "Enter a link or choose a file" in neither.text
    http = alex.post(
        f"{url}/resources/new",
        data={**fields, "url": "javascript:alert(1)"},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert http.status_code == 422
    assert "starts with https://" in http.text


def test_a_team_leaves_and_its_people_no_longer_see_the_network(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    sam = browser_as(client, "sam")
    assert sam.get(f"/networks/{network_id}").status_code == 200
    left = sam.post_form(f"/networks/{network_id}/leave", {"team_id": teams["riverside"]})
    assert left.status_code == 403
    alex = browser_as(client, "alex")
    left = alex.post_form(f"/networks/{network_id}/leave", {"team_id": teams["riverside"]})
    assert left.status_code == 200
    assert "Your networks" in left.text
    assert sam.get(f"/networks/{network_id}").status_code == 404


def test_network_sync_pulls_changes_and_pushes_through_the_same_path(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    alex = browser_as(client, "alex")
    pushed = alex.post_json(
        f"/api/networks/{network_id}/sync/push",
        {
            "mutations": [
                {
                    "id": "net-push-0001",
                    "name": "resource.publish",
                    "args": {
                        "team_id": teams["riverside"],
                        "title": "Offline note",
                        "summary": "Written on a train",
                        "url": "https://example.org/note",
                        "kind": "evidence",
                    },
                    "client_id": "phone",
                    "seq": 1,
                }
            ]
        },
    )
    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["results"][0]["status"] == "applied"
    pulled = alex.get(
        f"/api/networks/{network_id}/sync/pull", params={"since": 0, "client_id": "phone"}
    )
    body = pulled.json()
    assert body["last_seq"] == 1
    assert any(c["entity"] == "resources" for c in body["changes"])
    assert all("email" not in c["data"] for c in body["changes"])
    # A team's mutation is unknown to a network.
    team_name = alex.post_json(
        f"/api/networks/{network_id}/sync/push",
        {
            "mutations": [
                {
                    "id": "net-push-0002",
                    "name": "team.rename",
                    "args": {"name": "X"},
                    "client_id": "phone",
                }
            ]
        },
    )
    assert team_name.json()["results"][0]["status"] == "update_needed"
    chris = browser_as(client, "chris")
    assert chris.get(f"/api/networks/{network_id}/sync/pull").status_code == 404


def test_a_characteristic_page_says_how_many_resources_the_teams_networks_have(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    alex = actor(services, "alex")
    base = {"team_id": teams["riverside"], "summary": "S", "url": "https://example.org/x"}
    for title, characteristic, stage in (
        ("For us now", "make-it-fit", "starting_out"),
        ("Any stage", "make-it-fit", ""),
        ("Later on", "make-it-fit", "sustainable"),
        ("Elsewhere", "top-down-buy-in", "starting_out"),
    ):
        args = {**base, "title": title, "kind": "template"}
        args |= {"characteristic": characteristic, "stage": stage}
        apply_network(services, network_id, alex, "resource.publish", args)
    sam = browser_as(client, "sam")
    page = sam.get(f"/teams/{teams['riverside']}/journey/characteristics/make-it-fit")
    assert page.status_code == 200
    doc = lxml_html.document_fromstring(page.text)
    ours = [
        a
        for a in doc.xpath("//div[contains(@class, 'app-network-note')]//a")
        if f"/networks/{network_id}?" in a.get("href")
    ]
    assert len(ours) == 1
    stage = " ".join(ours[0].text_content().split())
    assert stage.startswith("From your networks: ")
    link = ours[0].get("href")
    found = sam.get(link)
    listed = texts(found.text, "//ul[@id='resources']//h3")
    count = int(stage.split(": ")[1].split()[0])
    assert count == len(listed)
    assert "Elsewhere" not in listed
    assert "Any stage" in listed
    hillside = browser_as(client, "chris")  # Hillside is not in this network: no note of it
    other = hillside.get(f"/teams/{teams['hillside']}/journey/characteristics/make-it-fit")
    assert f"/networks/{network_id}?" not in other.text


def _join_new_team(
    services, network_id: str, name: str, snapshot: dict[str, str] | None, named=False
) -> str:
    """A new team led by Alex, in the network, sharing this snapshot (None: not sharing)."""
    from backend.accounts import queries as accounts
    from backend.demo import email_of
    from backend.teams.service import create_team

    user = accounts.user_by_email(services.accounts.reader, email_of("alex"))[0]
    team_id = create_team(services, user, name)
    lead = actor(services, "morgan", frozenset({"network_lead"}))
    apply_network(services, network_id, lead, "network.invite", {"team_id": team_id})
    alex = actor(services, "alex")
    apply_network(services, network_id, alex, "network.accept", {"team_id": team_id})
    if snapshot is not None:
        args = {"team_id": team_id, "share_snapshot": True, "named": named}
        apply_network(
            services, network_id, alex, "network.sharing", args | {"snapshot": json.dumps(snapshot)}
        )
    return team_id


def test_the_overview_counts_only_services_that_shared_and_suppresses_small_counts(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])  # Riverside: not sharing
    url = f"/networks/{network_id}/overview"
    fit = {"make-it-fit": "developmental", "top-down-buy-in": "starting_out"}
    _join_new_team(services, network_id, "Quiet service", None)
    _join_new_team(services, network_id, "Alpha service", fit, named=True)
    _join_new_team(services, network_id, "Beta service", fit)
    sam = browser_as(client, "sam")
    few = sam.get(url)
    assert few.status_code == 200
    cells = texts(few.text, "//table[@id='overview-table']//td")
    assert set(cells) == {"fewer than 3"}  # two services shared: every count suppressed
    assert "Alpha service" in few.text  # it chose to be named
    assert "Beta service" not in few.text
    assert "Quiet service" not in few.text
    _join_new_team(services, network_id, "Gamma service", fit)
    three = sam.get(url)
    doc = lxml_html.document_fromstring(three.text)
    rows = {}
    for tr in doc.xpath("//table[@id='overview-table']/tbody/tr"):
        cells = [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
        rows[cells[0]] = cells[1:]
    assert rows["Make it fit"] == ["fewer than 3", "3", "fewer than 3", "fewer than 3"]
    assert rows["Top-down buy-in"] == ["3", "fewer than 3", "fewer than 3", "fewer than 3"]
    assert "Top-down buy-in: 3 services" in three.text
    assert "Riverside MBCT service" not in three.text.split("<h2>What")[0]
    # Riverside's lead shares through the page: its stages come from its own journey.
    alex = browser_as(client, "alex")
    shared = alex.post_form(
        f"/networks/{network_id}/sharing",
        {"team_id": teams["riverside"], "share_snapshot": "yes", "named": "yes"},
    )
    assert shared.status_code == 200
    assert "Riverside MBCT service" in texts(shared.text, "//ul/li")
    assert (
        sam.post_form(
            f"/networks/{network_id}/sharing",
            {"team_id": teams["riverside"], "share_snapshot": "no"},
        ).status_code
        == 403
    )
    pulled = alex.get(f"/api/networks/{network_id}/sync/pull").json()
    assert all("snapshot" not in c["data"] for c in pulled["changes"])


def test_the_demo_has_a_network_of_three_services_with_resources_and_an_overview(client) -> None:
    sam = browser_as(client, "sam")
    mine = sam.get("/networks")
    links = lxml_html.document_fromstring(mine.text).xpath(
        "//a[normalize-space()='North West mindfulness network']/@href"
    )
    assert len(links) == 1
    network = sam.get(links[0])
    assert len(texts(network.text, "//ul[@id='resources']//h3")) == 4
    assert "Lakeside mindfulness service" in network.text
    overview = sam.get(f"{links[0]}/overview")
    named = texts(
        overview.text, "//h2[.='Services that chose to be named']/following-sibling::ul[1]/li"
    )
    assert named == ["Lakeside mindfulness service", "Riverside MBCT service"]
    standards = texts(overview.text, "//table[@id='standards-table']//td")
    assert standards  # the three services share their good-practice counts
    assert all(t == "fewer than 3" or int(t) >= 3 for t in standards)
    found = sam.get(links[0], params={"q": "business case"})
    titles = texts(found.text, "//ul[@id='resources']//h3")
    assert titles == ["Making the case to the trust board"]
    resource = sam.get(
        lxml_html.document_fromstring(found.text).xpath("//ul[@id='resources']//h3/a/@href")[0]
    )
    file_link = lxml_html.document_fromstring(resource.text).xpath(
        "//a[contains(., 'business-case.pdf')]/@href"
    )
    assert sam.get(file_link[0]).content.startswith(b"%PDF-")
    cases = sam.get(f"{links[0]}/cases")
    assert len(texts(cases.text, "//ul[@id='cases']/li")) == 2
    questions = sam.get(f"{links[0]}/questions")
    assert texts(questions.text, "//ul[@id='questions']/li") == [
        "How did you keep going when your only teacher left? 2 replies"
    ]


def test_a_case_example_is_private_to_its_author_until_shared(client, demo_services, teams) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    url = f"/networks/{network_id}/cases"
    alex = browser_as(client, "alex")
    missing = alex.post_form(url, {"title": "", "context": "Kept"})
    assert missing.status_code == 422
    assert "Enter title" in missing.text
    assert "Kept" in missing.text
    drafted = alex.post_form(url, {"title": "Fitting MBCT to a city", "what_helped": "A champion"})
    assert drafted.status_code == 200
    case_path = str(drafted.url.path)
    assert "Only you can see it" in drafted.text
    sam = browser_as(client, "sam")
    assert sam.get(case_path).status_code == 404
    assert "Fitting MBCT to a city" not in sam.get(url).text
    pulled = sam.get(f"/api/networks/{network_id}/sync/pull").json()
    assert all(c["entity"] != "case_examples" for c in pulled["changes"])
    form = form_values(drafted.text, f"{case_path}/share")
    shared = alex.post_form(f"{case_path}/share", form)
    assert shared.status_code == 200
    seen = sam.get(case_path)
    assert seen.status_code == 200
    assert "A champion" in seen.text
    pulled = sam.get(f"/api/networks/{network_id}/sync/pull").json()
    shared_rows = [c for c in pulled["changes"] if c["entity"] == "case_examples"]
    assert shared_rows[-1]["data"]["what_helped"] == "A champion"


def test_anyone_in_a_member_team_asks_and_replies(client, demo_services, teams) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    url = f"/networks/{network_id}/questions"
    sam = browser_as(client, "sam")
    empty = sam.post_form(url, {"title": "", "body": "Kept words"})
    assert empty.status_code == 422
    assert "Kept words" in empty.text
    asked = sam.post_form(url, {"title": "How do you run a waiting list?", "body": "Ours is long"})
    assert asked.status_code == 200
    question = str(asked.url.path)
    alex = browser_as(client, "alex")
    replied = alex.post_form(question, {"body": "We offer a taster session first"})
    assert replied.status_code == 200
    assert texts(replied.text, "//ul[@id='replies']/li/p[1]") == ["We offer a taster session first"]
    morgan = browser_as(client, "morgan")  # the network's lead is in no member team
    assert morgan.post_form(question, {"body": "I lead"}).status_code == 422
    assert "1 reply" in sam.get(url).text


def test_a_teams_offline_set_holds_its_networks_pages(client, teams) -> None:
    sam = browser_as(client, "sam")
    urls = sam.get(f"/api/teams/{teams['riverside']}/offline-set").json()["urls"]
    network = next(u for u in urls if u.count("/") == 2 and u.startswith("/networks/"))
    assert "/networks" in urls
    assert f"{network}/overview" in urls
    assert sum(1 for u in urls if u.startswith(f"{network}/resources/")) == 4
    assert all(not u.endswith("/file") for u in urls)  # files open when online


def test_a_tag_the_framework_does_not_have_is_refused_at_its_field_with_the_input_kept(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    url = f"/networks/{network_id}"
    alex = browser_as(client, "alex")
    hidden = form_values(alex.get(f"{url}/resources/new").text, f"{url}/resources/new")
    fields = {
        **hidden,
        "title": "Our referral letter",
        "summary": "The letter we send to referrers",
        "kind": "template",
        "characteristic": "no-such-characteristic",
        "stage": "starting_out",
        "theme": "no-such-theme",
        "url": "https://example.org/letter",
    }
    refused = alex.post(f"{url}/resources/new", data=fields)
    assert refused.status_code == 422
    summary = texts(refused.text, "//div[contains(@class, 'nhsuk-error-summary')]//li")
    assert summary == ["Select characteristic from the list", "Select theme from the list"]
    field = texts(refused.text, "//span[@id='characteristic-error']")
    assert field == ["Error: Select characteristic from the list"]
    assert 'value="Our referral letter"' in refused.text  # the input is kept
    asked = alex.get(f"{url}/questions")
    hidden = form_values(asked.text, f"{url}/questions")
    question = {**hidden, "title": "How do you recruit?", "body": "More", "stage": "nope"}
    refused = alex.post_form(f"{url}/questions", question)
    assert refused.status_code == 422
    summary = texts(refused.text, "//div[contains(@class, 'nhsuk-error-summary')]//li")
    assert summary == ["Select stage from the list"]
    assert 'value="How do you recruit?"' in refused.text
    # The same change sent by a device's outbox is refused with the same message.
    with pytest.raises(ValidationFailed) as failed:
        apply_network(
            services,
            network_id,
            actor(services, "alex"),
            "question.ask",
            {"team_id": teams["riverside"], "title": "T", "body": "B", "characteristic": "x"},
        )
    assert failed.value.errors == {"characteristic": "Select characteristic from the list"}
