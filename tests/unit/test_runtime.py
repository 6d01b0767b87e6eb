"""The served process settles its memory at start-up (decision 0015)."""

from __future__ import annotations

import gc

import backend.asgi
from backend import runtime


def test_settling_memory_freezes_start_up_objects_and_spaces_out_collections():
    before = gc.get_threshold()
    try:
        runtime.settle_memory()
        assert gc.get_threshold() == runtime.THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_served_app_settles_memory_when_it_starts(tmp_path, monkeypatch):
    monkeypatch.setenv("MBP_DATA_DIR", str(tmp_path))
    app = backend.asgi.app
    try:
        assert runtime.settle_memory in app.on_startup
    finally:
        app.state.services.close()
