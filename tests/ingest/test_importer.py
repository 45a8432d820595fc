"""Bulk import: the acceptance cases of the foundation, and the edge cases of real exports."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from whylens.errors import ConfigError, ImportFileError

BASIC = "user_id,event,timestamp\nu1,signup,2024-01-01T10:00:00Z\nu1,purchase,2024-01-01T10:05:00Z\nu2,signup,2024-01-02 09:00:00\n"


def test_plain_csv_imports_with_no_flags_and_reimport_adds_nothing(ws, write):
    path = write("f.csv", BASIC)
    first = ws.import_file(path)
    assert (first.read, first.imported, first.duplicates, first.rejected) == (3, 3, 0, 0)
    again = ws.import_file(path)
    assert (again.read, again.imported, again.duplicates, again.rejected) == (3, 0, 3, 0)
    assert ws.info()["events"] == 3


def test_identical_rows_stay_distinct_but_reimport_still_adds_nothing(ws, write):
    rows = "user_id,event,timestamp,amount\n" + "u1,purchase,2024-01-01,5\n" * 2
    path = write("twice.csv", rows)
    assert ws.import_file(path).imported == 2
    assert ws.import_file(path).imported == 0
    reordered = write(
        "reordered.csv", "user_id,event,timestamp,amount\n" + "u1,purchase,2024-01-01,5\n" * 3
    )
    assert ws.import_file(reordered).imported == 1  # the third identical purchase is new


def test_identical_rows_across_chunks_are_counted_per_file(ws, write, monkeypatch):
    import whylens.ingest.readers as readers

    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 64)
    rows = "user_id,event,timestamp\n" + "u1,buy,2024-01-01\n" * 40
    path = write("many.csv", rows)
    assert ws.import_file(path).imported == 40
    assert ws.import_file(path).imported == 0


def test_identical_rows_across_store_batches_are_counted_per_file(ws, write, monkeypatch):
    import whylens.ingest.readers as readers
    from whylens.ingest.loader import EventLoader

    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 64)
    monkeypatch.setattr(EventLoader, "batch_rows", 5)
    rows = "user_id,event,timestamp\n" + "u1,buy,2024-01-01\n" * 23 + "u2,buy,2024-01-01\n" * 3
    path = write("batches.csv", rows)
    first = ws.import_file(path)
    assert (first.imported, first.duplicates) == (26, 0)
    again = ws.import_file(path)
    assert (again.imported, again.duplicates) == (0, 26)
    assert ws.info()["sessions"] == 2


def test_bad_rows_are_named_and_the_rest_imported(ws, write, tmp_path):
    path = write(
        "bad.csv",
        (
            "user_id,event,timestamp\n"
            "u1,a,2024-01-01\n"
            "u2,b,not-a-time\n"
            "u3,,2024-01-01\n"
            ",c,2024-01-01\n"
            "u4,d,2024-01-01,surplus\n"
            "u5,e,1704067200\n"
        ),
    )
    rejects_file = tmp_path / "rejects.csv"
    summary = ws.import_file(path, rejects_path=rejects_file)
    assert (summary.read, summary.imported, summary.rejected) == (6, 2, 4)
    got = {(r.row, r.field) for r in summary.rejects}
    assert got == {(2, "timestamp"), (3, "event"), (4, "user_id"), (5, None)}
    assert "not-a-time" in next(r.reason for r in summary.rejects if r.row == 2)
    assert "expected 3 fields, found 4" in next(r.reason for r in summary.rejects if r.row == 5)
    assert rejects_file.read_text().count("\n") == 5
    stored = ws.sql("SELECT row_number, field FROM rejects ORDER BY row_number")
    assert stored["row_number"].tolist() == [2, 3, 4, 5]


def test_column_names_are_recognised_and_can_be_mapped(ws, write):
    recognised = write("a.csv", "distinct_id,event_name,ts\nu1,view,2024-01-01\n")
    assert ws.import_file(recognised).imported == 1
    mapped = write("b.csv", "visitor,action,when\nu2,view,2024-01-02\n")
    with pytest.raises(ImportFileError, match="--map"):
        ws.import_file(mapped)
    summary = ws.import_file(
        mapped, column_map={"user_id": "visitor", "event": "action", "timestamp": "when"}
    )
    assert summary.imported == 1


def test_mixed_timestamp_formats_and_time_zone(ws, write):
    path = write(
        "mixed.csv",
        (
            "user_id,event,timestamp\n"
            "u1,a,2024-01-01T10:00:00Z\n"
            "u1,b,2024-01-01T12:00:00+02:00\n"
            "u1,c,1704103200\n"
            "u1,d,1704103200000\n"
            "u1,e,2024-01-01 10:00:00\n"
            "u1,f,2024-01-01T10:00:00.250000Z\n"
        ),
    )
    ws.import_file(path, tz="Europe/Berlin")
    got = dict(
        ws.sql("SELECT event, strftime(timestamp, '%Y-%m-%d %H:%M:%S.%f') AS t FROM events").values
    )
    assert got["a"] == got["b"] == got["c"] == got["d"] == "2024-01-01 10:00:00.000000"
    assert got["e"] == "2024-01-01 09:00:00.000000"  # naive, read as Berlin time
    assert got["f"] == "2024-01-01 10:00:00.250000"
    with pytest.raises(ConfigError):
        ws.import_file(path, tz="Mars/Olympus")


def test_empty_file_and_header_only(ws, write):
    empty = ws.import_file(write("empty.csv", ""))
    assert (empty.read, empty.imported) == (0, 0)
    header = ws.import_file(write("header.csv", "user_id,event,timestamp\n"))
    assert (header.read, header.imported) == (0, 0)


def test_unknown_columns_become_properties(ws, write):
    ws.import_file(
        write("p.csv", "user_id,event,timestamp,plan,Price\nu1,buy,2024-01-01,pro,9.5\n")
    )
    props = json.loads(ws.sql("SELECT properties FROM events").iloc[0, 0])
    assert props == {"plan": "pro", "Price": "9.5"}


def test_ten_thousand_garbage_columns_fail_clearly(ws, write):
    header = ",".join(f"c{i}" for i in range(10_000))
    path = write("garbage.csv", header + "\n" + ",".join("x" for _ in range(10_000)) + "\n")
    with pytest.raises(ImportFileError, match="no column recognised"):
        ws.import_file(path)
    assert ws.info()["events"] == 0


def test_non_utf8_bytes_reject_the_row_only(ws, write):
    content = b"user_id,event,timestamp\nu1,caf\xe9,2024-01-01\nu2,ok,2024-01-01\n"
    summary = ws.import_file(write("latin1.csv", content))
    assert (summary.imported, summary.rejected) == (1, 1)
    assert (summary.rejects[0].row, summary.rejects[0].field) == (1, "event")
    assert "UTF-8" in summary.rejects[0].reason


def test_gzip_jsonl_and_parquet(ws, write, tmp_path):
    lines = "\n".join(
        json.dumps(
            {
                "distinct_id": f"u{i}",
                "event": "view",
                "time": 1704067200 + i,
                "properties": {"path": "/x", "n": i},
            }
        )
        for i in range(5)
    )
    gz = write("events.jsonl.gz", gzip.compress(lines.encode()))
    assert ws.import_file(gz).imported == 5
    assert ws.sql("SELECT properties->>'path' AS p FROM events LIMIT 1").iloc[0, 0] == "/x"
    table = pa.table(
        {
            "user_id": ["a", "b"],
            "event": ["x", "y"],
            "timestamp": pa.array(
                [1704067200_000_000, 1704067201_000_000], pa.timestamp("us", "UTC")
            ),
        }
    )
    pq.write_table(table, tmp_path / "e.parquet")
    assert ws.import_file(tmp_path / "e.parquet").imported == 2


def test_bad_json_lines_are_rejected_individually(ws, write):
    path = write(
        "e.jsonl",
        '{"user_id":"a","event":"x","timestamp":"2024-01-01"}\n{oops\n{"user_id":"b","event":"y","timestamp":"2024-01-02"}\n',
    )
    summary = ws.import_file(path)
    assert (summary.imported, summary.rejected) == (2, 1)
    assert summary.rejects[0].row == 2


def test_unreadable_file_fails_whole_and_leaves_nothing(ws, write):
    path = write("broken.parquet", b"PAR1 this is not parquet")
    with pytest.raises(ImportFileError, match="broken.parquet"):
        ws.import_file(path)
    assert ws.info()["events"] == 0


def test_folders_and_globs(ws, write, tmp_path):
    write("one.csv", BASIC)
    write("two.csv", BASIC.replace("\nu", "\nv"))
    assert ws.import_file(tmp_path).imported == 6
    assert ws.import_file(str(tmp_path / "*.csv")).imported == 0
    with pytest.raises(ImportFileError, match="no such file"):
        ws.import_file(tmp_path / "missing.csv")


def test_bad_rows_in_every_chunk_are_all_named(ws, write, monkeypatch):
    import whylens.ingest.readers as readers

    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 64)
    bad = {i for i in range(30) if i % 7 == 3}
    rows = "user_id,event,timestamp\n" + "".join(
        f"u{i},e,{'soon' if i in bad else '2024-01-01'}\n" for i in range(30)
    )
    summary = ws.import_file(write("bad.csv", rows))
    assert (summary.imported, summary.rejected) == (30 - len(bad), len(bad))
    assert sorted(r.row for r in summary.rejects) == sorted(i + 1 for i in bad)
    assert {r.field for r in summary.rejects} == {"timestamp"}


def test_columns_that_appear_later_in_a_file_are_stored(ws, write, monkeypatch):
    """Only the columns a chunk fills are kept for it; a column first seen in a later chunk
    joins them, and the earlier rows have no value in it."""
    import whylens.ingest.readers as readers

    monkeypatch.setattr(readers, "JSON_BLOCK_BYTES", 128)
    lines = [
        json.dumps({"user_id": f"u{i}", "event": "view", "timestamp": 1704067200 + i})
        for i in range(6)
    ]
    lines.append(
        json.dumps(
            {
                "user_id": "u9",
                "anonymous_id": "a9",
                "event": "view",
                "timestamp": 1704067300,
                "url": "https://shop.example/a?utm_source=mail",
            }
        )
    )
    summary = ws.import_file(write("late.jsonl", "\n".join(lines) + "\n"))
    assert summary.imported == 7
    got = ws.sql(
        "SELECT distinct_id, anonymous_id, path, utm_source FROM events ORDER BY timestamp"
    )
    assert got.iloc[-1].tolist() == ["u9", "a9", "/a", "mail"]
    assert got.iloc[:-1, 1:].isna().all().all()


def test_columns_derived_from_the_url_referrer_and_user_agent(ws, write):
    """Path and UTM tags from the URL (a UTM column of the file first), the referring domain
    from the referrer, device, browser and OS from the user agent."""
    agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
    path = write(
        "web.csv",
        "user_id,event,timestamp,url,referrer,user_agent,utm_medium\n"
        f"u1,$pageview,2024-01-01,https://shop.example/p/1?utm_source=news&utm_medium=mail,"
        f"https://www.google.com/search?q=x,{agent},\n"
        f"u2,$pageview,2024-01-01, https://shop.example/p/1?utm_source=news&utm_medium=mail ,,,"
        "cpc\n"
        "u3,$pageview,2024-01-01,/checkout#pay,,,\n",
    )
    assert ws.import_file(path).imported == 3
    got = (
        ws.sql(
            "SELECT url, path, utm_source, utm_medium, referring_domain, device_type, browser, os"
            " FROM events ORDER BY person_id"
        )
        .astype(object)
        .where(lambda d: d.notna(), None)
        .values.tolist()
    )
    url = "https://shop.example/p/1?utm_source=news&utm_medium=mail"
    assert got == [
        [url, "/p/1", "news", "mail", "google.com", "mobile", "Safari", "iOS"],
        [url, "/p/1", "news", "cpc", None, None, None, None],
        ["/checkout#pay", "/checkout", None, None, None, None, None, None],
    ]


def test_a_number_that_is_no_time_rejects_its_row_only(ws, write):
    path = write("inf.csv", "user_id,event,timestamp\nu1,a,infinity\nu2,b,1e30\nu3,c,2024-01-01\n")
    summary = ws.import_file(path)
    assert (summary.imported, summary.rejected) == (1, 2)
    assert {(r.row, r.field) for r in summary.rejects} == {(1, "timestamp"), (2, "timestamp")}
