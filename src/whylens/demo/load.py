"""Putting the generated demo shop into a database, the same way a user's data would go in."""

from __future__ import annotations

from pathlib import Path

import whylens
from whylens.demo.generator import generate
from whylens.errors import StoreError
from whylens.workspace import Workspace

DEMO_KEY = "demo_seed"


def create_demo(path: str | Path, users: int, days: int, seed: int) -> Workspace:
    """A fresh demo database at `path`; refuses to overwrite a database that is not a demo."""
    path = Path(path)
    if path.exists():
        with whylens.open(path, read_only=True) as existing:
            is_demo = existing.setting(DEMO_KEY) is not None
            has_events = existing.info()["events"] > 0
        if has_events and not is_demo:
            raise StoreError(f"{path} holds data that is not demo data; choose another --db")
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    data = generate(users=users, days=days, seed=seed)
    ws = whylens.open(path)
    ws.import_table(data.events, source="demo")
    ws.set_traits(data.persons)
    ws.add_feedback(data.feedback)
    ws.set_setting(DEMO_KEY, str(seed))
    return ws
