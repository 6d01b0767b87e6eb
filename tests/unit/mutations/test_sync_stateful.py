"""Stateful property test of the sync protocol on the server.

Several devices queue changes offline and push them in batches, in any
interleaving; answers get lost and batches are resent; a device may resend
something already settled. Whatever happens, the store ends as if each
device's changes had arrived once each, in each device's order.
"""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from backend.mutations import Mutation
from tests.unit.mutation_fixtures import new_store, run, snapshot

DEVICES = ["phone", "tablet", "laptop"]
NOTES = [str(uuid.UUID(int=i, version=4)) for i in range(1, 4)]


class SyncMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self) -> None:
        import tempfile
        from pathlib import Path

        self.folder = tempfile.TemporaryDirectory()
        self.store = new_store(Path(self.folder.name) / "team.db")
        self.reference = new_store(Path(self.folder.name) / "reference.db")
        self.queues: dict[str, list[Mutation]] = {d: [] for d in DEVICES}
        self.sent: dict[str, list[Mutation]] = {d: [] for d in DEVICES}
        self.seq = dict.fromkeys(DEVICES, 0)
        self.arrivals: list[Mutation] = []  # first arrival order at the server

    def teardown(self) -> None:
        self.store.close()
        self.reference.close()
        self.folder.cleanup()

    @rule(
        device=st.sampled_from(DEVICES),
        note=st.sampled_from(NOTES),
        kind=st.sampled_from(["note.add", "note.edit", "note.remove"]),
        text=st.text(max_size=6),
    )
    def queue_offline(self, device: str, note: str, kind: str, text: str) -> None:
        self.seq[device] += 1
        args = {"id": note} if kind == "note.remove" else {"id": note, "title": text or "t"}
        self.queues[device].append(
            Mutation(str(uuid.uuid4()), kind, args, device, None, self.seq[device], None)
        )

    @precondition(lambda self: any(self.queues.values()))
    @rule(device=st.sampled_from(DEVICES), size=st.integers(1, 4), answer_lost=st.booleans())
    def push_batch(self, device: str, size: int, answer_lost: bool) -> None:
        queue = self.queues[device]
        for mutation in queue[:size]:
            outcome = run(self.store, mutation)
            assert outcome.status in {"applied", "rejected", "duplicate", "conflict"}
            if outcome.status != "duplicate":
                self.arrivals.append(mutation)
        if not answer_lost:  # the device learns the outcome and drops them from its outbox
            self.sent[device] += queue[:size]
            del queue[:size]

    @precondition(lambda self: any(self.sent.values()))
    @rule(device=st.sampled_from(DEVICES), data=st.data())
    def resend_something_settled(self, device: str, data: st.DataObject) -> None:
        if not self.sent[device]:
            return
        mutation = data.draw(st.sampled_from(self.sent[device]))
        before = snapshot(self.store)
        assert run(self.store, mutation).status == "duplicate"
        assert snapshot(self.store) == before

    @precondition(lambda self: any(len(q) > 1 for q in self.queues.values()))
    @rule(device=st.sampled_from(DEVICES))
    def push_out_of_order(self, device: str) -> None:
        """A later change arriving before an earlier one is held, never skipped."""
        row = self.store.reader.execute(
            "SELECT last_seq FROM clients WHERE id = ?", [device]
        ).fetchone()
        last = row[0] if row else 0
        gap = [m for m in self.queues[device] if m.seq > last + 1]
        if not gap:
            return
        before = snapshot(self.store)
        assert run(self.store, gap[0]).status == "held"
        assert snapshot(self.store) == before

    @invariant()
    def each_device_settled_in_order_exactly_once(self) -> None:
        if not hasattr(self, "store"):
            return
        conn = self.store.reader
        for device in DEVICES:
            seqs = [
                r[0]
                for r in conn.execute(
                    "SELECT seq FROM mutations WHERE client_id = ? ORDER BY rowid", [device]
                )
            ]
            assert seqs == list(range(1, len(seqs) + 1))

    @invariant()
    def store_matches_one_arrival_of_each(self) -> None:
        if not hasattr(self, "store"):
            return
        reference_count = self.reference.reader.execute(
            "SELECT count(*) FROM mutations"
        ).fetchone()[0]
        for mutation in self.arrivals[reference_count:]:
            run(self.reference, mutation)
        assert snapshot(self.store) == snapshot(self.reference)


SyncMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSync = SyncMachine.TestCase
