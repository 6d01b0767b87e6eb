"""A test client that checks every HTML page and knows how to sign in and post forms."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient
from lxml import html as lxml_html

from tests.support.html_checker import assert_good_fragment, assert_good_page


class Client(TestClient):  # type: ignore[type-arg]
    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        response = super().request(method, url, *args, **kwargs)
        kind = response.headers.get("content-type", "")
        if kind.startswith("text/html") and method.upper() != "HEAD":  # HEAD: headers only
            whole = response.text.lstrip()[:15].lower().startswith("<!doctype")
            if response.request.headers.get("hx-request") and not whole:
                assert_good_fragment(response.text, str(response.url))
            else:
                assert_good_page(response.text, str(response.url))
        return response

    @property
    def csrf(self) -> str:
        token = self.cookies.get("mbp_csrf")
        if token is None:
            self.get("/sign-in")
            token = self.cookies.get("mbp_csrf")
        assert token
        return str(token)

    def post_form(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.post(url, data={"_csrf_token": self.csrf, **(data or {})}, **kwargs)

    def post_json(self, url: str, body: Any) -> Any:
        return self.post(url, json=body, headers={"x-csrf-token": self.csrf})

    def sign_in(self, email: str, password: str) -> Any:
        self.cookies.clear()
        response = self.post_form("/sign-in", {"email": email, "password": password})
        assert response.status_code == 200, response.text[:500]
        assert "Sign in to MBP Journey" not in response.text
        return response


def form_values(text: str, form_action: str) -> dict[str, Any]:
    """The hidden fields of the form posting to form_action (e.g. its mutation id)."""
    doc = lxml_html.document_fromstring(text)
    forms = [f for f in doc.xpath("//form") if f.get("action") == form_action]
    assert forms, f"no form posting to {form_action}"
    return {i.get("name"): i.get("value") for i in forms[0].xpath(".//input[@type='hidden']")}


def texts(text: str, xpath: str) -> list[str]:
    doc = lxml_html.document_fromstring(text)
    return [" ".join(e.text_content().split()) for e in doc.xpath(xpath)]
