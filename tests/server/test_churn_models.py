"""The server's churn trainings: one per question at a time on a thread of its own, its progress
readable meanwhile, kept for the next asker; failures told to whoever waits."""

from __future__ import annotations

import threading

import pytest

from whylens.errors import QueryError
from whylens.insights.churn.model import STAGES
from whylens.server.churn_models import ModelCache


class Gate:
    """A trainer that reports the stages up to `stop`, waits there until opened, then returns a
    new object (the "model") or raises `error`."""

    def __init__(self, stop: str = STAGES[2], error: Exception | None = None) -> None:
        self.stop, self.error = stop, error
        self.opened, self.reached, self.calls = threading.Event(), threading.Event(), 0

    def __call__(self, progress):
        self.calls += 1
        for stage in STAGES[: STAGES.index(self.stop) + 1]:
            progress(stage)
        self.reached.set()
        assert self.opened.wait(timeout=30)
        if self.error is not None:
            raise self.error
        return object()


def finished(training):
    training.done.wait(timeout=30)
    return training


def test_the_progress_while_training_then_the_model_for_every_asker():
    cache, gate = ModelCache(), Gate()
    training = cache.submit("q", 1, gate)
    assert gate.reached.wait(timeout=30)
    status = training.status()
    assert status["status"] == "training" and status["stage"] == STAGES[2]
    assert (status["step"], status["steps"]) == (3, len(STAGES))
    assert cache.submit("q", 1, gate) is training and cache.latest("q") is None
    gate.opened.set()
    model = training.result()
    assert cache.get("q", 1, gate) is model and cache.latest("q") is model
    assert gate.calls == 1


def test_one_training_per_question_even_when_the_data_moved_on_meanwhile():
    cache, gate = ModelCache(), Gate()
    first = cache.submit("q", 1, gate)
    assert cache.submit("q", 2, gate) is first  # events came while it trained
    beside = Gate()
    beside.opened.set()
    assert finished(cache.submit("r", 1, beside)) is not first  # another question: its own
    gate.opened.set()
    model = first.result()
    gate.opened.clear()
    newer = cache.submit("q", 2, gate)  # asked again once it is done: the new data is learnt
    assert newer is not first and cache.latest("q") is model  # the last model meanwhile
    gate.opened.set()
    finished(newer)
    assert gate.calls == 2 and cache.latest("q") is newer.model


def test_a_question_that_cannot_be_answered_fails_once_for_everyone():
    cache, gate = ModelCache(), Gate(error=QueryError("too little history"))
    gate.opened.set()
    training = finished(cache.submit("q", 1, gate))
    with pytest.raises(QueryError, match="too little history"):
        training.result()
    assert cache.submit("q", 1, gate) is training and gate.calls == 1


def test_an_unexpected_failure_is_told_then_tried_again():
    cache, gate = ModelCache(), Gate(error=RuntimeError("disk gone"))
    gate.opened.set()
    with pytest.raises(RuntimeError, match="disk gone"):
        finished(cache.submit("q", 1, gate)).result()
    gate.error = None
    assert finished(cache.submit("q", 1, gate)).result() is not None and gate.calls == 2


def test_the_last_models_are_kept_and_failures_go_first():
    cache = ModelCache(size=2)
    opened = Gate()
    opened.opened.set()
    failing = Gate(error=QueryError("no"))
    failing.opened.set()
    q = finished(cache.submit("q", 1, opened))
    finished(cache.submit("bad", 1, failing))
    finished(cache.submit("r", 1, opened))  # holds two: the failure makes room first
    assert cache.submit("q", 1, opened) is q
    finished(cache.submit("s", 1, opened))  # then the model used least recently ("r")
    assert cache.submit("q", 1, opened) is q
    assert finished(cache.submit("r", 1, opened)).model is not None and opened.calls == 4
