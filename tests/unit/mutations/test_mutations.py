import sqlite3
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.mutations import Actor, Mutation
from tests.unit.mutation_fixtures import new_store, run, snapshot

NOTE = "00000000-0000-4000-8000-000000000001"


def mutation(name, args, *, id=None, client="phone-1", base=None, seq=None):
    return Mutation(id or str(uuid.uuid4()), name, args, client, base, seq, "2026-11-26T09:00:00Z")


@pytest.fixture
def store(tmp_path):
    store = new_store(tmp_path / "team.db")
    yield store
    store.close()


def test_applied_mutation_writes_row_version_change_audit_and_record(store):
    outcome = run(store, mutation("note.add", {"id": NOTE, "title": "Plan", "body": "Week 1"}))
    assert outcome.status == "applied"
    assert outcome.version == 1
    conn = store.reader
    assert conn.execute("SELECT title FROM notes").fetchone()[0] == "Plan"
    change = conn.execute("SELECT version, entity, op FROM changes").fetchone()
    assert tuple(change) == (1, "notes", "insert")
    audit = conn.execute(
        "SELECT actor_name, client_id, device, summary, client_at FROM audit"
    ).fetchone()
    assert tuple(audit) == ("Alice", "phone-1", "test", "Added a note", "2026-11-26T09:00:00Z")
    assert conn.execute("SELECT status FROM mutations").fetchone()[0] == "applied"


def test_repeating_a_mutation_is_a_no_op_that_returns_the_first_answer(store):
    m = mutation("note.add", {"id": NOTE, "title": "Plan"})
    first = run(store, m)
    before = snapshot(store)
    again = run(store, m)
    assert again.status == "duplicate"
    assert again.result == first.result
    assert snapshot(store) == before


def test_invalid_args_are_rejected_with_field_messages_and_nothing_written(store):
    outcome = run(store, mutation("note.add", {"id": NOTE, "title": "x" * 51}))
    assert outcome.status == "rejected"
    assert outcome.errors == {"title": "Title must be 50 characters or fewer"}
    assert snapshot(store)["notes"] == []
    assert snapshot(store)["version"] == 0


def test_recorded_rejection_answers_a_resend_the_same_way(store):
    m = mutation("note.add", {"id": NOTE, "title": ""}, seq=1)
    assert run(store, m).status == "rejected"
    again = run(store, m)
    assert again.status == "duplicate"
    assert again.errors == {"title": "Enter title"}


def test_unrecorded_rejection_lets_the_person_fix_and_resend_with_the_same_id(store):
    mid = str(uuid.uuid4())
    assert (
        run(store, mutation("note.add", {"id": NOTE, "title": ""}, id=mid), record=False).status
        == "rejected"
    )
    assert (
        run(store, mutation("note.add", {"id": NOTE, "title": "Fixed"}, id=mid)).status == "applied"
    )


def test_handler_errors_roll_back_everything_the_handler_wrote(store):
    outcome = run(store, mutation("note.remove", {"id": NOTE}))
    assert outcome.status == "rejected"
    assert outcome.errors == {"": "That note does not exist"}
    assert snapshot(store)["version"] == 0


def test_roles_are_enforced(store):
    run(store, mutation("note.add", {"id": NOTE, "title": "Plan"}))
    practitioner = Actor("user-bob", "Bob", frozenset({"practitioner"}), "test")
    outcome = run(store, mutation("note.remove", {"id": NOTE}), practitioner)
    assert outcome.status == "rejected"
    assert "permission" in outcome.errors[""]
    assert len(snapshot(store)["notes"]) == 1


def test_unknown_mutation_needs_an_update_and_is_not_settled(store):
    m = mutation("note.archive", {"id": NOTE}, seq=1)
    assert run(store, m).status == "update_needed"
    assert store.reader.execute("SELECT count(*) FROM mutations").fetchone()[0] == 0


def test_unknown_extra_fields_from_an_older_or_newer_client_are_ignored(store):
    outcome = run(store, mutation("note.add", {"id": NOTE, "title": "Plan", "colour": "blue"}))
    assert outcome.status == "applied"


def test_device_sequence_gaps_are_held_not_skipped(store):
    later = mutation("note.add", {"id": NOTE, "title": "Second"}, seq=2)
    assert run(store, later).status == "held"
    assert snapshot(store)["version"] == 0
    first = mutation("note.add", {"id": str(uuid.uuid4()), "title": "First"}, seq=1)
    assert run(store, first).status == "applied"
    assert run(store, later).status == "applied"


def test_an_old_sequence_number_under_a_new_id_is_refused_not_dropped(store):
    run(store, mutation("note.add", {"id": NOTE, "title": "One"}, seq=1))
    outcome = run(store, mutation("note.add", {"id": str(uuid.uuid4()), "title": "Again"}, seq=1))
    assert outcome.status == "rejected"  # the device keeps it and can send it again
    assert "reused a number" in outcome.errors[""]
    assert len(snapshot(store)["notes"]) == 1


def test_a_change_settled_online_then_queued_by_the_device_spends_its_number(store):
    """An online post whose answer was lost is queued again with the same id and the
    device's next number: later changes from the device must not wait for ever."""
    posted = mutation("note.add", {"id": NOTE, "title": "Posted online"}, id=str(uuid.uuid4()))
    run(store, posted)
    queued = Mutation(posted.id, posted.name, posted.args, "phone-1", None, 1, None)
    assert run(store, queued).status == "duplicate"
    later = mutation("note.edit", {"id": NOTE, "title": "Next"}, seq=2)
    assert run(store, later).status == "applied"


def test_someone_elses_id_is_refused_and_tells_nothing_of_their_change(store):
    m = mutation("note.add", {"id": NOTE, "title": ""})
    first = run(store, m)
    other = Actor("user-bob", "Bob", frozenset({"practitioner"}), "test")
    again = run(store, m, other)
    assert again.status == "rejected"  # not "duplicate": the outbox would drop it as sent
    assert list(again.errors) == [""]
    assert again.result == {}
    assert NOTE not in str(again.errors)
    assert first.result == {} or again.result != first.result


def test_two_offline_edits_from_one_device_do_not_clash_with_each_other(store):
    run(store, mutation("note.add", {"id": NOTE, "title": "Plan", "body": "a"}))
    run(store, mutation("note.edit", {"id": NOTE, "title": "First"}, base=1, client="phone"))
    second = run(
        store, mutation("note.edit", {"id": NOTE, "title": "Second"}, base=1, client="phone")
    )
    assert second.status == "applied"
    assert snapshot(store)["notes"] == [(NOTE, "Second", "a")]


def test_edit_without_a_base_version_overwrites(store):
    run(store, mutation("note.add", {"id": NOTE, "title": "Plan", "body": "a"}))
    run(store, mutation("note.edit", {"id": NOTE, "title": "New"}))
    assert snapshot(store)["notes"] == [(NOTE, "New", "a")]


def test_edits_to_different_fields_since_the_base_version_merge(store):
    run(store, mutation("note.add", {"id": NOTE, "title": "Plan", "body": "a"}))
    run(store, mutation("note.edit", {"id": NOTE, "title": "Phone title"}, base=1, client="phone"))
    outcome = run(
        store,
        mutation(
            "note.edit",
            {"id": NOTE, "title": "Plan", "body": "laptop body"},
            base=1,
            client="laptop",
        ),
    )
    assert outcome.status == "applied"
    assert snapshot(store)["notes"] == [(NOTE, "Phone title", "laptop body")]


def test_a_field_both_changed_becomes_a_conflict_keeping_both_texts(store):
    run(store, mutation("note.add", {"id": NOTE, "title": "Plan", "body": "original"}))
    phone = mutation(
        "note.edit", {"id": NOTE, "body": "written on the phone"}, base=1, client="phone"
    )
    run(store, phone)
    laptop = mutation(
        "note.edit", {"id": NOTE, "body": "written on the laptop"}, base=1, client="laptop"
    )
    outcome = run(store, laptop)
    assert outcome.status == "conflict"
    assert snapshot(store)["notes"] == [(NOTE, "Plan", "written on the phone")]
    assert snapshot(store)["conflicts"] == [
        ("body", '"written on the phone"', '"written on the laptop"')
    ]
    assert outcome.conflicts[0]["client_value"] == "written on the laptop"


def test_editing_a_record_that_does_not_exist_is_rejected(store):
    outcome = run(store, mutation("note.edit", {"id": NOTE, "title": "x"}))
    assert outcome.status == "rejected"


def test_a_fault_rolls_back_and_settles_nothing(store, monkeypatch):
    from tests.unit import mutation_fixtures

    def broken(ctx, args):
        ctx.insert("notes", {"id": args["id"], "title": "half", "body": ""})
        raise sqlite3.OperationalError("disk I/O error")

    spec = mutation_fixtures.REGISTRY.get("note.add")
    monkeypatch.setitem(
        mutation_fixtures.REGISTRY._specs,
        "note.add",
        type(spec)(spec.name, spec.title, spec.schema, broken),
    )
    m = mutation("note.add", {"id": NOTE, "title": "x"}, seq=1)
    with pytest.raises(sqlite3.OperationalError):
        run(store, m)
    assert snapshot(store)["notes"] == []
    assert store.reader.execute("SELECT count(*) FROM mutations").fetchone()[0] == 0
    assert store.reader.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


# Property: whatever a device resends, in whatever pattern, the store ends as if
# each mutation had been applied once, in order.
note_ids = st.sampled_from([str(uuid.UUID(int=i, version=4)) for i in range(1, 4)])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("note.add"), note_ids, st.text(min_size=1, max_size=8)),
        st.tuples(st.just("note.edit"), note_ids, st.text(max_size=8)),
        st.tuples(st.just("note.remove"), note_ids, st.just("")),
    ),
    min_size=1,
    max_size=12,
)


def build(ops):
    out = []
    for seq, (name, note, text) in enumerate(ops, start=1):
        args = {"id": note} if name == "note.remove" else {"id": note, "title": text or "t"}
        out.append(mutation(name, args, seq=seq, id=f"m-{seq:04d}-{uuid.uuid4().hex[:8]}"))
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations, resend_pattern=st.lists(st.integers(min_value=0, max_value=11), max_size=30))
def test_resending_in_any_pattern_converges_to_applying_each_once(
    tmp_path_factory, ops, resend_pattern
):
    mutations = build(ops)
    once = new_store(tmp_path_factory.mktemp("once") / "t.db")
    noisy = new_store(tmp_path_factory.mktemp("noisy") / "t.db")
    try:
        for m in mutations:
            run(once, m)
        # The noisy device resends earlier batches, replays out of order, then catches up.
        for i, m in enumerate(mutations):
            for k in resend_pattern:
                if k < len(mutations):
                    run(noisy, mutations[k])
            run(noisy, m)
            if i < len(resend_pattern):
                run(noisy, mutations[resend_pattern[i] % len(mutations)])
        for m in mutations:
            run(noisy, m)
        assert snapshot(noisy) == snapshot(once)
    finally:
        once.close()
        noisy.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=operations, b=operations, interleave=st.lists(st.booleans(), max_size=24))
def test_two_devices_interleaved_any_way_settle_every_mutation_exactly_once(
    tmp_path_factory, a, b, interleave
):
    store = new_store(tmp_path_factory.mktemp("two") / "t.db")
    try:
        first = [Mutation(m.id + "a", m.name, m.args, "phone", None, m.seq, None) for m in build(a)]
        second = [
            Mutation(m.id + "b", m.name, m.args, "laptop", None, m.seq, None) for m in build(b)
        ]
        queues = [list(first), list(second)]
        for pick in interleave:
            queue = queues[int(pick)]
            if queue:
                run(store, queue.pop(0))
        for queue in queues:
            while queue:
                run(store, queue.pop(0))
        for m in first + second:  # a full resend changes nothing
            assert run(store, m).status == "duplicate"
        settled = store.reader.execute("SELECT count(*) FROM mutations").fetchone()[0]
        assert settled == len(first) + len(second)
        last = dict(store.reader.execute("SELECT id, last_seq FROM clients").fetchall())
        assert last == {"phone": len(first), "laptop": len(second)}
    finally:
        store.close()
