"""PostHog `survey sent` events become feedback rows when imported: ratings as scores of the kind
their scale gives, open answers as texts, choices left out, nothing twice."""

from __future__ import annotations

import orjson
import pytest

from whylens.ingest.surveys import surveys_to_feedback
from whylens.insights.feedback import feedback_list


def event(uuid: str, person: str, day: int, properties: dict) -> dict:
    return {
        "distinct_id": person,
        "event": "survey sent",
        "uuid": uuid,
        "timestamp": f"2026-05-{day:02d}T10:00:00Z",
        "properties": properties,
    }


NPS = [
    {"id": "q-nps", "question": "How likely are you to recommend us to a friend?"},
    {"id": "q-why", "question": "Why?"},
]
EVENTS = [
    # posthog-js: answers by question id; the legacy key repeats the first answer
    event(
        "e1",
        "u1",
        1,
        {
            "$survey_id": "s-nps",
            "$survey_name": "NPS",
            "$survey_questions": NPS,
            "$survey_response_q-nps": 3,
            "$survey_response_q-why": "Still waiting for my parcel",
            "$survey_response": 3,
        },
    ),
    # older clients: question texts, answers by position, numbers as text
    event(
        "e2",
        "u2",
        2,
        {
            "$survey_id": "s-csat",
            "$survey_questions": ["How satisfied are you with your order?", "Anything else?"],
            "$survey_response": "4",
            "$survey_response_1": "Great shop, fast delivery",
        },
    ),
    # the scale named (whylens reads `scale` and `type` when a client sends them); a choice
    event(
        "e3",
        "u3",
        3,
        {
            "$survey_id": "s-ces",
            "$survey_questions": [
                {"id": "a", "question": "Rate the checkout", "type": "rating", "scale": 7},
                {"id": "b", "question": "What did you buy?", "type": "multiple_choice"},
                {"id": "c", "question": "Rate us", "type": "rating", "scale": 3},
            ],
            "$survey_response_a": 6,
            "$survey_response_b": ["shoes", "socks"],
            "$survey_response_c": 2,
        },
    ),
    # ids with hyphens sent with underscores; an NPS answer only 0-10 allows
    event(
        "e4",
        "u4",
        4,
        {
            "$survey_id": "s-nps",
            "$survey_questions": [{"id": "q-1-a", "question": "Score?"}],
            "$survey_response_q_1_a": 9,
        },
    ),
    # a rating whose scale cannot be told (4 of 5? of 10?) and one out of every range
    event("e5", "u5", 5, {"$survey_id": "s", "$survey_response": 4}),
    event("e6", "u6", 5, {"$survey_id": "s", "$survey_response": 42}),
    {"distinct_id": "u1", "event": "pageview", "uuid": "e7", "timestamp": "2026-05-01T09:00:00Z"},
]


@pytest.fixture
def surveys(ws, write):
    path = write("surveys.jsonl", "\n".join(orjson.dumps(e).decode() for e in EVENTS))
    summary = ws.import_file(path)
    return ws, path, summary


def stored(ws) -> list[dict]:
    return ws.engine.query(
        "SELECT person_id, kind, score, text, source, properties FROM feedback"
        " ORDER BY timestamp, kind"
    ).to_pylist()


def test_answers_become_feedback_of_the_right_kind(surveys):
    ws, _, summary = surveys
    assert summary.imported == 7 and summary.feedback == 6
    rows = [(r["person_id"], r["kind"], r["score"], r["text"]) for r in stored(ws)]
    assert rows == [
        ("u1", "nps", 3.0, None),  # once, though sent under two keys
        ("u1", "text", None, "Still waiting for my parcel"),
        ("u2", "csat", 4.0, None),  # "satisfied"
        ("u2", "text", None, "Great shop, fast delivery"),
        ("u3", "ces", 6.0, None),  # scale 7; the choices and the 3-point rating left out
        ("u4", "nps", 9.0, None),
    ]
    first = orjson.loads(stored(ws)[0]["properties"])
    assert first == {
        "survey_id": "s-nps",
        "survey_name": "NPS",
        "question_id": "q-nps",
        "question": "How likely are you to recommend us to a friend?",
        "event_id": "e1",
    }
    assert {r["source"] for r in stored(ws)} == {"survey"}


def test_a_re_import_and_a_catch_up_add_nothing(surveys):
    ws, path, _ = surveys
    again = ws.import_file(path)
    assert (again.imported, again.feedback) == (0, 0)
    assert surveys_to_feedback(ws.engine) == 0
    ws.engine.execute("DELETE FROM feedback WHERE kind = 'text'")
    assert surveys_to_feedback(ws.engine) == 2  # events stored earlier are converted on demand
    assert len(stored(ws)) == 6


def test_survey_texts_are_scored_like_any_feedback(surveys):
    ws, _, _ = surveys
    items = {i["text"]: i for i in feedback_list(ws.engine, kind="text").to_dict()["items"]}
    assert items["Still waiting for my parcel"]["label"] == "negative"
    assert items["Great shop, fast delivery"]["label"] == "positive"
    assert items["Great shop, fast delivery"]["themes"] == ["delivery"]


def test_answers_of_the_same_submission_are_stored_once(ws, write):
    partial = {"$survey_id": "s", "$survey_submission_id": "sub-1", "$survey_questions": NPS}
    events = [
        event("p1", "u1", 1, {**partial, "$survey_response_q-nps": 10}),
        event(
            "p2",
            "u1",
            1,
            {**partial, "$survey_response_q-nps": 10, "$survey_response_q-why": "Love it"},
        ),
    ]
    ws.import_file(write("partial.jsonl", "\n".join(orjson.dumps(e).decode() for e in events)))
    assert [(r["kind"], r["score"], r["text"]) for r in stored(ws)] == [
        ("nps", 10.0, None),
        ("text", None, "Love it"),
    ]
