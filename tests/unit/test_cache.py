"""The one cache helper (backend/cache.py): bounded, least recently used out."""

from __future__ import annotations

from backend.cache import Lru


def test_keeps_at_most_size_values_dropping_the_least_recently_used():
    kept: Lru[str, int] = Lru(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # used: kept longest
    kept.put("c", 3)
    assert list(kept) == ["a", "c"]
    assert kept.get("b") is None
    assert len(kept) == 2


def test_get_or_make_makes_once_per_key():
    kept: Lru[str, str] = Lru(4)
    made: list[str] = []

    def make() -> str:
        made.append("x")
        return "value"

    assert kept.get_or_make("k", make) == "value"
    assert kept.get_or_make("k", make) == "value"
    assert made == ["x"]


def test_discard_drops_the_keys_chosen_and_clear_drops_all():
    kept: Lru[tuple[str, int], str] = Lru(8)
    for version in (1, 2):
        kept.put(("team-a", version), f"a{version}")
    kept.put(("team-b", 1), "b1")
    kept.discard(lambda key: key[0] == "team-a")
    assert kept.values() == ["b1"]
    kept.clear()
    assert len(kept) == 0
