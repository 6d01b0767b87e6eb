"""The one TOML reader: every problem names the file and the key path, worded one way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backend.toml_reader import Table, TomlError, read_toml

SLUG = re.compile(r"^[a-z]+$")


def problems(data: object) -> list[str]:
    t = Table(data, "things.toml")
    t.only("name", "count", "on", "parts", "size")
    t.text("name")
    t.integer("count", minimum=1, maximum=9)
    t.flag("on")
    t.table("size").integer("width", default=1, minimum=1)
    for part in t.tables("parts"):
        part.ident(SLUG, "lower-case letters")
        part.only("id", "words")
        part.texts("words")
    return t.problems


def test_a_good_table_has_no_problems() -> None:
    good = {"name": "x", "count": 3, "on": True, "parts": [{"id": "a", "words": ["w"]}]}
    assert problems(good) == []


def test_every_problem_names_the_file_and_the_key_path() -> None:
    bad = {
        "name": " ",
        "count": 10,
        "on": "yes",
        "size": {"width": 0},
        "parts": [{"id": "b", "words": "w", "colour": 1}, "c", {"id": "Bad"}],
        "extra": 1,
    }
    assert problems(bad) == [
        "things.toml: unknown key 'extra' (allowed: name, count, on, parts, size)",
        "things.toml: 'name' must be non-empty text",
        "things.toml: 'count' must be a whole number from 1 to 9, not 10",
        "things.toml: 'on' must be true or false",
        "things.toml: size: 'width' must be a whole number of 1 or more, not 0",
        "things.toml: parts[1]: must be a table",
        "things.toml: parts[0] (id 'b'): unknown key 'colour' (allowed: id, words)",
        "things.toml: parts[0] (id 'b'): 'words' must be a list of texts",
        "things.toml: parts[1]: 'id' is missing",
        "things.toml: parts[2]: id 'Bad' must be lower-case letters",
    ]


def test_a_required_array_of_tables_may_be_neither_missing_nor_empty() -> None:
    assert problems({"name": "x", "count": 1}) == [
        "things.toml: 'parts' is missing (at least one is required)"
    ]
    assert problems({"name": "x", "count": 1, "parts": []}) == [
        "things.toml: 'parts' is empty (at least one is required)"
    ]


def test_raise_if_any_lists_every_problem() -> None:
    t = Table({}, "things.toml")
    t.text("name")
    t.text("title")
    with pytest.raises(TomlError) as caught:
        t.raise_if_any()
    assert str(caught.value) == (
        "things.toml: 2 problems\n"
        "- things.toml: 'name' is missing\n"
        "- things.toml: 'title' is missing"
    )


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    missing, broken, binary = (tmp_path / name for name in ("a.toml", "b.toml", "c.toml"))
    broken.write_text("name = ", encoding="utf-8")
    binary.write_bytes(b"name = '\xff'")
    for path, problem in ((missing, "file not found"), (broken, "not valid TOML")):
        with pytest.raises(TomlError) as caught:
            read_toml(path)
        assert caught.value.problems[0].startswith(f"{path}: {problem}")
    with pytest.raises(TomlError, match="not UTF-8 text"):
        read_toml(binary)
