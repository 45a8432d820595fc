"""`import-feedback` in the library: a text column is enough; bad rows are named and kept out."""

from __future__ import annotations

import pytest

from whylens.errors import ConfigError, ImportFileError
from whylens.ingest.feedback_files import import_feedback_file, parse_feedback_map

CSV = """customer,comment,rating,kind,date
u1,Still waiting for my parcel,2,nps,2026-10-01
u2,Great prices and fast delivery!,9,,2026-10-02T10:00:00Z
u3,,,,2026-10-03
u4,The app keeps freezing,eleven,nps,2026-10-03
u5,Die Lieferung war sehr langsam,,,yesterday
u6,"Support was helpful, thanks",15,nps,2026-10-04
u7,Charged me twice 😡,,,
u8,Quick answer from support,5,csat,2026-10-05
u9,Nice,3,stars,2026-10-05
"""


def test_good_rows_are_imported_and_scored_bad_rows_named(ws, write):
    path = write("feedback.csv", CSV)
    summary = import_feedback_file(ws.engine, path, column_map={"person_id": "customer"})
    assert (summary.read, summary.imported, summary.duplicates) == (9, 4, 0)
    assert [(r.row, r.field) for r in summary.rejects] == [
        (3, "text"),
        (4, "score"),
        (5, "timestamp"),
        (6, "score"),
        (9, "kind"),
    ]
    assert "out of range for nps" in summary.rejects[3].reason
    rejects = ws.sql("SELECT row_number, field FROM rejects ORDER BY row_number")
    assert rejects["row_number"].tolist() == [3, 4, 5, 6, 9]
    rows = ws.sql(
        "SELECT person_id, kind, score, label, timestamp FROM feedback ORDER BY person_id"
    )
    assert rows["person_id"].tolist() == ["u1", "u2", "u7", "u8"]
    assert rows["kind"].tolist() == ["nps", "nps", "text", "csat"]  # a score without kind: nps
    assert rows["label"].tolist() == ["negative", "positive", "negative", "positive"]
    assert not rows["timestamp"].isna().any()  # no time given: the file's time
    again = import_feedback_file(ws.engine, path, column_map={"person_id": "customer"})
    assert (again.imported, again.duplicates) == (0, 4)


def test_only_a_text_column_is_needed(ws, write):
    path = write("texts.csv", "feedback\nLove it\nOverpriced\n")
    summary = import_feedback_file(ws.engine, path)
    assert summary.imported == 2 and not summary.rejects
    assert ws.sql("SELECT count(*) AS n FROM feedback WHERE person_id IS NULL")["n"][0] == 2


def test_a_file_without_text_and_bad_maps_are_refused(ws, write):
    with pytest.raises(ImportFileError, match="no text column"):
        import_feedback_file(ws.engine, write("scores.csv", "person,score\na,9\n"))
    with pytest.raises(ImportFileError, match="not in the file"):
        import_feedback_file(ws.engine, write("t.csv", "text\nhi\n"), column_map={"text": "x"})
    with pytest.raises(ConfigError):
        parse_feedback_map("colour=c")
    with pytest.raises(ConfigError):
        parse_feedback_map("text")
    assert parse_feedback_map("text=comment, person_id=customer") == {
        "text": "comment",
        "person_id": "customer",
    }
