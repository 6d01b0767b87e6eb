"""The offline set is saved shallowest first, each page once."""

from backend.sync.routes import LANDING, offline_order


def test_the_landing_pages_come_first_and_forms_last() -> None:
    urls = [
        "/teams/abc/practice/supervision/new",
        "/teams/abc",
        "/teams/abc/practice",
        *LANDING,
        "/teams/abc/practice",
        "/teams/abc/journey",
    ]
    assert offline_order(urls) == [
        "/",
        "/teams",
        "/teams/abc",
        "/teams/abc/practice",
        "/teams/abc/journey",
        "/teams/abc/practice/supervision/new",
    ]
