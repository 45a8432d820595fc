"""Reading ahead in a thread: the same items in the same order, errors where they are read."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from whylens.ingest.readahead import read_ahead


def test_items_come_in_order_and_all_of_them():
    assert list(read_ahead(iter(range(50)), depth=2)) == list(range(50))
    assert list(read_ahead(iter([]))) == []


def test_an_error_of_the_producer_is_raised_after_the_items_before_it():
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("unreadable")

    got = []
    with pytest.raises(ValueError, match="unreadable"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_closing_early_stops_the_producer():
    produced = []
    finished = threading.Event()

    def items() -> Iterator[int]:
        try:
            for i in range(1000):
                produced.append(i)
                yield i
        finally:
            finished.set()

    chunks = read_ahead(items(), depth=1)
    assert next(chunks) == 0
    chunks.close()
    assert finished.wait(5)
    assert len(produced) < 10
