"""Checks on every response in the integration tests, on top of the page checker."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.client import Client

TRACE_MARKERS = ("Traceback (most recent call last)", 'File "/')


@pytest.fixture(autouse=True)
def _never_a_stack_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    """No response body, of any status or type, ever shows a stack trace."""
    original = Client.request

    def request(self: Client, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        response = original(self, method, url, *args, **kwargs)
        kind = response.headers.get("content-type", "")
        if kind.startswith(("text/", "application/json")):
            body = response.text
            for marker in TRACE_MARKERS:
                assert marker not in body, f"{method} {url}: the response shows a stack trace"
        return response

    monkeypatch.setattr(Client, "request", request)
