"""The write-ahead log: records come back as written, a torn tail is cut, concurrent appends
share disk flushes, segments rotate and applied ones are released."""

from __future__ import annotations

import asyncio
import os
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whylens.ingest import wal as wal_module
from whylens.ingest.wal import HEADER, LogClosed, WriteAheadLog, checksum


def payloads(wal: WriteAheadLog, start: int = 0) -> list[bytes]:
    return [payload for _, payload in wal.read(start)]


def test_records_read_back_in_order_with_their_end_positions(tmp_path):
    wal = WriteAheadLog(tmp_path)
    ends = [wal.append_sync(f"record {i}".encode()) for i in range(5)]
    assert ends == [(HEADER.size + 8) * (i + 1) for i in range(5)]
    assert payloads(wal) == [f"record {i}".encode() for i in range(5)]
    assert payloads(wal, ends[2]) == [b"record 3", b"record 4"]
    assert [end for end, _ in wal.read(0, max_bytes=1)] == [ends[0]]
    wal.close()
    with pytest.raises(LogClosed):
        wal.append_sync(b"late")


@given(st.binary(max_size=20_000))
def test_the_checksum_is_crc32_however_it_is_cut(data):
    assert checksum(data) == zlib.crc32(data)


def test_the_checksum_keeps_the_interpreter_lock(monkeypatch):
    """zlib lets go of the lock for more than 5 KB; taking it back waits for a busy thread."""
    seen = []
    monkeypatch.setattr(wal_module.zlib, "crc32", lambda d, c=0: seen.append(len(d)) or c)
    checksum(os.urandom(70_000))
    assert seen and max(seen) <= 5 * 1024


@pytest.mark.parametrize("read_bytes", [7, 64, 1 << 20])
def test_records_read_back_across_read_ahead_pieces(tmp_path, monkeypatch, read_bytes):
    """Records larger and smaller than one read, and headers cut between two reads."""
    monkeypatch.setattr(wal_module, "_READ_BYTES", read_bytes)
    wal = WriteAheadLog(tmp_path)
    written = [os.urandom(size) for size in (0, 1, 100, 5_000, 70_000, 3, 200_000, 9)]
    ends = [wal.append_sync(p) for p in written]
    assert payloads(wal) == written
    assert [end for end, _ in wal.read(0)] == ends
    assert payloads(wal, ends[3]) == written[4:]
    wal.close()


def test_a_torn_tail_is_cut_and_appends_continue_after_the_last_whole_record(tmp_path):
    wal = WriteAheadLog(tmp_path)
    wal.append_sync(b"kept")
    end = wal.append_sync(b"also kept")
    wal.close()
    (segment,) = tmp_path.glob("*.log")
    with open(segment, "ab") as handle:  # a crash mid-write: a header and half a payload
        handle.write(HEADER.pack(100, 0) + b"half")
    reopened = WriteAheadLog(tmp_path)
    assert reopened.durable == end and segment.stat().st_size == end
    reopened.append_sync(b"after")
    assert payloads(reopened) == [b"kept", b"also kept", b"after"]
    reopened.close()


def test_a_corrupt_record_is_never_returned(tmp_path):
    wal = WriteAheadLog(tmp_path)
    wal.append_sync(b"good")
    wal.append_sync(b"flipped")
    wal.close()
    (segment,) = tmp_path.glob("*.log")
    data = bytearray(segment.read_bytes())
    data[-1] ^= 0xFF
    segment.write_bytes(bytes(data))
    reopened = WriteAheadLog(tmp_path)
    assert payloads(reopened) == [b"good"]
    reopened.close()


def test_concurrent_appends_share_flushes(tmp_path):
    wal = WriteAheadLog(tmp_path, commit_interval_s=0.005)

    async def many() -> list[int]:
        return await asyncio.gather(*(wal.append(b"x" * 100) for _ in range(200)))

    ends = asyncio.run(many())
    assert sorted(ends) == [(HEADER.size + 100) * (i + 1) for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: wal.append_sync(b"y"), range(200)))
    assert len(payloads(wal)) == 400
    assert wal.commits < 100  # 400 appends, far fewer fsyncs
    wal.close()


def test_segments_rotate_and_applied_ones_are_released(tmp_path):
    wal = WriteAheadLog(tmp_path, segment_bytes=100)
    ends = [wal.append_sync(bytes([65 + i]) * 40) for i in range(6)]
    assert len(list(tmp_path.glob("*.log"))) >= 3
    assert len(payloads(wal)) == 6 and payloads(wal, ends[3]) == [b"E" * 40, b"F" * 40]
    wal.release(ends[3])
    assert payloads(wal, ends[3]) == [b"E" * 40, b"F" * 40]
    assert wal.first > 0 and len(list(tmp_path.glob("*.log"))) < 3
    wal.close()
    reopened = WriteAheadLog(tmp_path, segment_bytes=100)
    assert payloads(reopened, ends[3]) == [b"E" * 40, b"F" * 40]
    reopened.close()


def test_a_new_log_starts_at_the_store_checkpoint(tmp_path):
    wal = WriteAheadLog(tmp_path / "fresh", start=5000)
    assert wal.append_sync(b"a") == 5000 + HEADER.size + 1
    assert payloads(wal, 5000) == [b"a"]
    wal.close()
    assert os.listdir(tmp_path / "fresh") == [f"{5000:020d}.log"]
