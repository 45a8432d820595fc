"""The loader's set-based store: ids given twice, loads into an empty project or not, and the
persons and sessions rebuilt after them."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import datetime
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import whylens

HEADER = "event_id,user_id,event,timestamp\n"


def test_an_id_given_twice_in_a_file_keeps_its_first_row(ws, write):
    path = write(
        "ids.csv",
        HEADER + "m1,u1,signup,2024-01-01T10:00:00Z\n"
        "m1,u1,signup_again,2024-01-01T11:00:00Z\n"
        "m2,u2,signup,2024-01-01T12:00:00Z\n",
    )
    summary = ws.import_file(path)
    assert (summary.imported, summary.duplicates) == (2, 1)
    assert dict(ws.sql("SELECT event_id, event FROM events").values) == {
        "m1": "signup",
        "m2": "signup",
    }


def test_files_of_one_import_give_the_sessions_of_one_file(ws, write, tmp_path):
    """The first file goes into an empty project (sessions numbered before the insert); the
    second brings an event between two of the first file's sessions (renumbered after)."""
    first = write(
        "a.csv", HEADER + "e1,u1,view,2024-01-01T10:00:00Z\ne2,u1,view,2024-01-01T11:00:00Z\n"
    )
    second = write(
        "b.csv", HEADER + "e3,u1,click,2024-01-01T10:29:00Z\ne4,u2,view,2024-01-01T10:00:00Z\n"
    )
    ws.import_file(first, second)
    assert ws.sql("SELECT count(*) FROM events WHERE session_id IS NULL").iloc[0, 0] == 0
    got = dict(ws.sql("SELECT event_id, session_id FROM events").values)
    assert got == {"e1": "u1#1", "e3": "u1#1", "e2": "u1#2", "e4": "u2#1"}
    assert ws.info()["sessions"] == 3
    sessions = ws.sql("SELECT session_id, events FROM sessions ORDER BY session_id").values
    assert sessions.tolist() == [["u1#1", 2], ["u1#2", 1], ["u2#1", 1]]


def test_a_load_into_an_empty_project_keeps_traits_set_before_it(ws, write):
    ws.set_traits(pa.table({"person_id": ["u1", "u9"], "plan": ["pro", "free"]}))
    ws.import_file(write("a.csv", HEADER + "e1,u1,view,2024-01-01T10:00:00Z\n"))
    persons = ws.sql(
        "SELECT person_id, traits->>'plan' AS plan, first_seen FROM persons ORDER BY 1"
    )
    assert persons["person_id"].tolist() == ["u1", "u9"]  # u9: traits only, no events yet
    assert persons["plan"].tolist() == ["pro", "free"]
    assert persons["first_seen"].notna().tolist() == [True, False]


def test_a_second_load_renumbers_only_what_it_touches(ws, write):
    ws.import_file(
        write(
            "a.csv", HEADER + "e1,u1,view,2024-01-01T10:00:00Z\ne2,u2,view,2024-01-01T10:00:00Z\n"
        )
    )
    ws.import_file(write("b.csv", HEADER + "e3,u1,view,2024-01-01T09:00:00Z\n"))
    got = dict(ws.sql("SELECT event_id, session_id FROM events").values)
    assert got == {"e3": "u1#1", "e1": "u1#2", "e2": "u2#1"}
    first = dict(ws.sql("SELECT session_id, is_first_session FROM sessions").values)
    assert first == {"u1#1": True, "u1#2": False, "u2#1": True}


content_rows = st.lists(
    st.tuples(
        st.sampled_from(["u1", "u2"]),
        st.sampled_from(["2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z", "2024-01-01T11:00:00Z"]),
        st.sampled_from(["view", "buy"]),
        st.sampled_from(["", "5"]),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content_rows)
def test_content_ids_are_those_of_the_definition_into_an_empty_project_or_not(rows):
    """Rows without an id get the MD5 of their content, `-`, and their occurrence number among
    identical rows. Into an empty project the identical rows are looked for among those at an
    instant of their person's shared with another row; otherwise by a hash of every row: both
    give the ids of the definition, and importing the file again adds nothing."""
    text = "user_id,event,timestamp,amount\n" + "".join(
        f"{user},{event},{ts},{amount}\n" for user, ts, event, amount in rows
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        path.write_text(text, encoding="utf-8")
        with whylens.open(":memory:") as empty, whylens.open(":memory:") as busy:
            busy.import_table(
                pa.table({"user_id": ["z"], "event": ["x"], "timestamp": ["2023-01-01"]})
            )
            for ws in (empty, busy):
                assert ws.import_file(path).imported == len(rows)
                assert ws.import_file(path).imported == 0
            assert _content_ids(empty) == _content_ids(busy) == _defined_ids(empty, rows)


def _content_ids(ws) -> list[str]:
    return sorted(ws.sql("SELECT event_id FROM events WHERE distinct_id <> 'z'")["event_id"])


def _defined_ids(ws, rows) -> list[str]:
    """The ids by their definition, from the rows in file order (an empty value is no
    property: the properties are `{}` or `{"amount":"5"}`, as stored)."""
    stored = set(ws.sql("SELECT DISTINCT CAST(properties AS VARCHAR) AS p FROM events")["p"])
    assert stored <= {"{}", '{"amount":"5"}'}
    seen: dict[str, int] = {}
    ids = []
    for user, ts, event, amount in rows:
        us = int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1_000_000)
        properties = f'{{"amount":"{amount}"}}' if amount else "{}"
        digest = hashlib.md5("\x1f".join([user, "", event, str(us), properties]).encode())
        seen[digest.hexdigest()] = seen.get(digest.hexdigest(), 0) + 1
        ids.append(f"{digest.hexdigest()}-{seen[digest.hexdigest()]}")
    return sorted(ids)
