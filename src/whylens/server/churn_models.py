"""Churn models the server trains on background threads and keeps, each under the question it
answers and the state of the data it learned from: a page can show how far a training has got
instead of waiting on it, and the same question asked again is answered from the kept model.

One training per question runs at a time: whoever asks meanwhile gets that training, even when
events arrived since it started (on a live project the data changes faster than a model trains).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from whylens.errors import WhylensError
from whylens.insights.churn.model import STAGES, ChurnModel, Progress
from whylens.server.scheduling import analyses_run_here

#: finished models kept per server (a model with its held-out data is a few MB)
KEPT_MODELS = 4
Trainer = Callable[[Progress], ChurnModel]


class Training:
    """One model being trained: its stage while it runs, then its model or what stopped it."""

    def __init__(self, question: Hashable, state: Hashable) -> None:
        self.question, self.state = question, state
        self.started = time.monotonic()
        self.stage = STAGES[0]
        self.model: ChurnModel | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def report(self, stage: str) -> None:
        self.stage = stage

    def status(self) -> dict[str, Any]:
        """What a page shows while it waits: `step` of `steps`, the stage's name, seconds spent."""
        return {
            "status": "training",
            "stage": self.stage,
            "step": STAGES.index(self.stage) + 1 if self.stage in STAGES else 1,
            "steps": len(STAGES),
            "elapsed_s": round(time.monotonic() - self.started, 1),
        }

    def result(self) -> ChurnModel:
        """The model, once trained (this waits); the training's error if it failed."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.model is not None
        return self.model


class ModelCache:
    """Trainings by (question, data state): the last `size` finished ones and any running."""

    def __init__(self, size: int = KEPT_MODELS) -> None:
        self.size = size
        self._trainings: OrderedDict[tuple[Hashable, Hashable], Training] = OrderedDict()
        self._guard = threading.Lock()

    def submit(self, question: Hashable, state: Hashable, train: Trainer) -> Training:
        """The training for `question` on data `state`, kept or running; else the question's
        running one; else a new one, started on a thread of its own."""
        with self._guard:
            kept = self._trainings.get((question, state))
            if kept is not None:
                self._trainings.move_to_end((question, state))
                return kept
            running = next(
                (
                    t
                    for t in self._trainings.values()
                    if t.question == question and not t.done.is_set()
                ),
                None,
            )
            if running is not None:
                return running
            training = self._trainings[(question, state)] = Training(question, state)
        threading.Thread(
            target=self._run, args=(training, train), name="whylens-churn", daemon=True
        ).start()
        return training

    def get(self, question: Hashable, state: Hashable, train: Trainer) -> ChurnModel:
        """The model for `question`, waiting for its training if needed."""
        return self.submit(question, state, train).result()

    def latest(self, question: Hashable) -> ChurnModel | None:
        """The newest model trained for `question` on any state of the data, if one is kept."""
        with self._guard:
            for training in reversed(self._trainings.values()):
                if training.question == question and training.model is not None:
                    return training.model
        return None

    def _run(self, training: Training, train: Trainer) -> None:
        analyses_run_here()  # a training yields to capture too
        try:
            training.model = train(training.report)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the model
            training.error = exc
        key = (training.question, training.state)
        with self._guard:
            if training.error is not None and not isinstance(training.error, WhylensError):
                del self._trainings[key]  # unexpected: reported to those waiting, tried again
            else:
                self._trainings.move_to_end(key)
                self._evict()
        training.done.set()

    def _evict(self) -> None:
        """Down to `size` finished trainings with the one finishing: failures go first, then
        the models used least recently."""
        done = [(k, t) for k, t in self._trainings.items() if t.done.is_set()]
        order = [k for k, t in done if t.model is None] + [k for k, t in done if t.model]
        for key in order[: max(0, len(order) + 1 - self.size)]:
            del self._trainings[key]
