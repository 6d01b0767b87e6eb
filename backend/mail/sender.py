"""The background sender: claims due messages from the outbox and hands each to SMTP
(the standard library's smtplib on a worker thread, so a slow server never blocks a
request), or, with no SMTP server configured, writes it to DATA_DIR/mail/ as an .eml
file and prints its subject and link. Transient failures retry with backoff; a
permanent refusal is recorded and shown on the admin page."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
import ssl
import time
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import anyio.to_thread

from backend.accounts.queries import now
from backend.dates import uk_today
from backend.mail import outbox
from backend.services import Services
from backend.settings import Settings

log = logging.getLogger("mbp.mail")
POLL_SECONDS = 1.0
DIGEST_CHECK_SECONDS = 3600
DIGEST_HOUR = 7
LONDON = ZoneInfo("Europe/London")
SMTP_TIMEOUT = 30


class PermanentFailure(Exception):
    """The server refused the message for good (a 5xx answer): do not try again."""


def message_of(settings: Settings, queued: outbox.Queued) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = queued.email.to
    message["Subject"] = queued.email.subject
    message["Message-ID"] = queued.message_id  # the same on every try
    message["Date"] = format_datetime(datetime.fromisoformat(queued.created_at))
    message.set_content(queued.email.text)
    message.add_alternative(queued.email.html, subtype="html")
    return message


def send_smtp(settings: Settings, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    smtp_class: Callable[..., smtplib.SMTP] = (
        smtplib.SMTP_SSL if settings.smtp_tls == "tls" else smtplib.SMTP
    )
    kwargs: dict[str, Any] = {"timeout": SMTP_TIMEOUT}
    if settings.smtp_tls == "tls":
        kwargs["context"] = context
    try:
        with smtp_class(settings.smtp_host, settings.smtp_port, **kwargs) as smtp:
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            refused = smtp.send_message(message)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        raise PermanentFailure(str(error)) from error
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600 and error.smtp_code not in {530, 535}:
            raise PermanentFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
        raise
    if refused:
        raise PermanentFailure(f"refused: {refused}")


def write_eml(settings: Settings, queued: outbox.Queued, message: EmailMessage) -> None:
    settings.mail_dir.mkdir(parents=True, exist_ok=True)
    path = settings.mail_dir / f"{queued.id:06d}.eml"
    path.write_bytes(bytes(message))
    print(f"Email to {queued.email.to}: {queued.email.subject}", flush=True)
    if queued.email.link:
        print(f"  {queued.email.link}", flush=True)


def deliver_due(services: Services, moment: datetime | None = None) -> int:
    """Send what is due now; returns how many were tried. Call from a worker thread."""
    settings = services.settings
    moment = moment or now()
    claimed = services.accounts.write_sync(lambda c: outbox.claim_due(c, moment))
    for queued in claimed:
        message = message_of(settings, queued)
        try:
            if settings.smtp_host:
                send_smtp(settings, message)
            else:
                write_eml(settings, queued, message)
        except PermanentFailure as error:
            log.warning("mail %s to %s refused: %s", queued.id, queued.email.to, error)
            services.accounts.write_sync(
                partial(outbox.mark_retry, message=queued, error=str(error), permanent=True)
            )
        except (OSError, smtplib.SMTPException) as error:
            log.info("mail %s not sent yet (try %s): %s", queued.id, queued.attempts, error)
            services.accounts.write_sync(
                partial(outbox.mark_retry, message=queued, error=repr(error), permanent=False)
            )
        else:
            services.accounts.write_sync(partial(outbox.mark_sent, message_id=queued.id))
    return len(claimed)


class Sender:
    """One background task per served process; started and stopped with the app."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        next_digest_check = 0.0
        while True:
            if self.services.settings.send_reminders and time.monotonic() >= next_digest_check:
                next_digest_check = time.monotonic() + DIGEST_CHECK_SECONDS
                await self.weekly_digests()
            try:
                tried = await anyio.to_thread.run_sync(deliver_due, self.services)
            except Exception:
                log.exception("the mail sender failed; trying again shortly")
                tried = 0
            if not tried:
                await asyncio.sleep(POLL_SECONDS)

    async def weekly_digests(self) -> None:
        """From Monday 07:00 UK time, queue the week's digests (each once, whoever asks)."""
        from backend.reminders.digest import queue_digests

        local = datetime.now(LONDON)
        if local.hour < DIGEST_HOUR and local.weekday() == 0:
            return
        try:
            await anyio.to_thread.run_sync(queue_digests, self.services, uk_today())
        except Exception:
            log.exception("the weekly digests failed; trying again in an hour")

    def start(self, _: Any = None) -> None:
        self.task = asyncio.get_running_loop().create_task(self.run())

    async def stop(self, _: Any = None) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
