"""Composing an email: plain text, and simple accessible HTML in NHS colours (one column,
real text, a link that is also written out in full)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2

from backend.mail.outbox import Email

HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="margin:0;padding:0;background:#f0f4f5;">
<div style="max-width:600px;margin:0 auto;background:#ffffff;font-family:Arial,sans-serif;font-size:19px;line-height:1.5;color:#212b32;">
<div style="background:#005eb8;color:#ffffff;padding:16px 24px;font-weight:bold;">MBP Journey</div>
<div style="padding:24px;">
<h1 style="font-size:28px;margin:0 0 16px;">{{ subject }}</h1>
{% for p in paragraphs %}<p style="margin:0 0 16px;">{{ p }}</p>
{% endfor %}{% if link %}<p style="margin:0 0 16px;"><a href="{{ link }}" style="color:#005eb8;font-weight:bold;">{{ action }}</a></p>
<p style="margin:0 0 16px;font-size:16px;">Or copy this link into your browser: {{ link }}</p>
{% endif %}{% for p in footer %}<p style="margin:0 0 16px;font-size:16px;color:#4c6272;">{{ p }}</p>
{% endfor %}</div></div></body></html>
"""


@cache
def _template() -> jinja2.Template:
    return jinja2.Environment(autoescape=True).from_string(HTML)


def compose(
    to: str,
    subject: str,
    paragraphs: Sequence[str],
    *,
    link: str = "",
    action: str = "",
    footer: Sequence[str] = (),
) -> Email:
    lines = [*paragraphs]
    if link:
        lines.append(f"{action}:\n{link}")
    lines.extend(footer)
    text = "\n\n".join(lines) + "\n\n-- \nMBP Journey\n"
    html = _template().render(
        subject=subject, paragraphs=paragraphs, link=link, action=action, footer=footer
    )
    return Email(to, subject, text, html, link)
