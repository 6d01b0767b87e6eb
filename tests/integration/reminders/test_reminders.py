"""The weekly reminder digest over the demo teams: what each person is told, once per
person per week whoever runs it, the opt-out, and `mbp remind --dry-run`."""

from __future__ import annotations

import threading

from click.testing import CliRunner

from backend import cli
from backend.app import build_services
from backend.dates import uk_today
from backend.demo import email_of
from backend.reminders.digest import gather, queue_digests, set_reminders
from tests.support.journeys import user_id


def digest_of(services, person):
    found = [d for d in gather(services, uk_today()) if d.email == email_of(person)]
    return found[0].text() if found else ""


def digests(services):
    return services.accounts.reader.execute(
        "SELECT * FROM mail_outbox WHERE kind = 'digest'"
    ).fetchall()


def test_each_role_is_told_what_concerns_them(demo_services):
    services = demo_services[0]
    everyone = gather(services, uk_today())
    assert everyone
    told = "\n".join(d.text() for d in everyone)
    assert "Next step:" in told  # a teacher's standard, with what to do about it
    assert "waiting for your sign-off" in told  # a supervisor's
    assert "Overdue:" in told  # a lead's
    assert all(d.sections for d in everyone)
    assert all(services.settings.base_url in d.text() for d in everyone)


def test_one_digest_per_person_per_week_whoever_runs_it(demo_services):
    services = demo_services[0]
    others = [build_services(services.settings) for _ in range(3)]
    barrier = threading.Barrier(len(others))

    def run(s):
        barrier.wait()
        queue_digests(s, uk_today())

    threads = [threading.Thread(target=run, args=(s,)) for s in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in others:
        s.close()
    assert queue_digests(services, uk_today()) == 0  # a restart later in the week
    assert queue_digests(services, uk_today(), again=True) == 0  # or a run asked for again
    rows = digests(services)
    assert len(rows) == len(gather(services, uk_today()))
    assert len({r["to_address"] for r in rows}) == len(rows)


def test_a_person_can_turn_the_digest_off(demo_services, signed_in):
    services = demo_services[0]
    assert digest_of(services, "alex")
    client = signed_in("alex")
    response = client.post_form("/profile/reminders", {})
    assert "You will no longer get the weekly reminder email" in response.text
    assert digest_of(services, "alex") == ""
    client.post_form("/profile/reminders", {"reminders": "on"})
    assert digest_of(services, "alex")
    services.accounts.write_sync(lambda c: set_reminders(c, user_id(services, "alex"), False))
    assert digest_of(services, "alex") == ""


def test_remind_dry_run_prints_and_queues_nothing(demo_services):
    services = demo_services[0]
    env = {"MBP_DATA_DIR": str(services.settings.data_dir)}
    result = CliRunner().invoke(cli.main, ["remind", "--dry-run"], env=env)
    assert result.exit_code == 0, result.output
    assert "digests would be sent" in result.output
    assert f"To {email_of('alex')}" in result.output
    assert digests(services) == []
    result = CliRunner().invoke(cli.main, ["remind"], env=env)
    assert "digests queued" in result.output
    assert len(digests(services)) > 0
