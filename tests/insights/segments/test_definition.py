"""The definition language: what it accepts, the canonical form it stores, and a precise error
(with where in the definition) for each kind of mistake."""

from __future__ import annotations

import json

import pytest

from whylens.errors import QueryError
from whylens.insights.segments.definition import MAX_CONDITIONS, MAX_DEPTH, parse
from whylens.insights.segments.rules import All, AnyOf, ChurnRisk, Did, Not, PersonIs, StoppedAt


def test_every_condition_kind_is_read_and_written_back_in_full():
    definition = {
        "and": [
            {"did": "add_to_cart", "at_least": 3, "in_last": "30d"},
            {"person": "plan", "operator": "in", "value": ["pro", "business"]},
            {"not": {"funnel": ["view_item", "add_to_cart", "purchase"], "reached": 2}},
            {"or": [{"churn_risk_above": 0.5}, {"did": "purchase|refund"}]},
        ]
    }
    found = parse(definition)
    assert isinstance(found, All)
    did, person, negated, either = found.parts
    assert isinstance(did, Did) and did.at_least == 3 and did.in_last_s == 30 * 86400
    assert isinstance(person, PersonIs) and person.filter.value == ("pro", "business")
    assert isinstance(negated, Not) and isinstance(negated.part, StoppedAt)
    assert isinstance(either, AnyOf) and isinstance(either.parts[0], ChurnRisk)
    assert either.parts[1].event.names == ("purchase", "refund")
    assert found.to_json() == {
        "and": [
            {"did": "add_to_cart", "at_least": 3, "in_last": "30d"},
            {"person": "plan", "operator": "in", "value": ["pro", "business"]},
            {
                "not": {
                    "funnel": ["view_item", "add_to_cart", "purchase"],
                    "reached": 2,
                    "window": "14d",
                    "order": "ordered",
                }
            },
            {
                "or": [
                    {"churn_risk_above": 0.5, "inactive": "30d"},
                    {"did": "purchase|refund", "at_least": 1},
                ]
            },
        ]
    }
    assert parse(found.to_json()) == found  # the stored form reads back to the same rule


def test_an_event_condition_with_filters_is_written_back_as_written():
    found = parse({"did": "purchase", "where": ["price > 50"], "in_last": "7d"})
    stored = {"did": "purchase", "where": ["price > 50"], "at_least": 1, "in_last": "7d"}
    assert found.to_json() == stored
    assert parse(stored).to_json() == stored


def test_json_text_and_the_where_form_of_a_trait():
    found = parse('{"person": "plan in (pro, business)"}')
    assert found == parse({"person": "plan", "operator": "in", "value": ["pro", "business"]})
    assert found.text() == "person.plan in (pro, business)"
    assert parse({"person": "person.email is set"}).to_json() == {
        "person": "email",
        "operator": "is set",
    }


def test_words_say_the_rule():
    rule = parse(
        {
            "and": [
                {"did": "add_to_cart", "at_least": 3, "in_last": "30d"},
                {"not": {"funnel": ["view_item", "add_to_cart", "purchase"], "reached": 2}},
            ]
        }
    )
    assert rule.text() == (
        "(did add_to_cart at least 3 times in the last 30d and not reached add_to_cart but"
        " not purchase (funnel view_item → add_to_cart → purchase))"
    )


MISTAKES = [
    ("[1, 2]", "at $: a condition is a JSON object, not [1, 2]"),
    ("{bad json", "not valid JSON"),
    ({}, "at $: a condition has exactly one of and, or, not, did, person, funnel"),
    ({"did": "a", "person": "b"}, "found both 'did' and 'person'"),
    ({"and": []}, "at $: 'and' takes a non-empty list of conditions"),
    ({"and": [{"did": "a"}, {"did": "b", "at_least": 0}]}, "at $.and[1]: 'at_least' is at least 1"),
    ({"or": [{"not": {"did": ""}}]}, "at $.or[0].not: 'did' names an event"),
    ({"did": "a", "at_least": "3"}, "'at_least' is a whole number, not \"3\""),
    ({"did": "a", "in_last": "soon"}, "cannot read 'soon' as a duration"),
    ({"did": "a", "times": 3}, "unknown key 'times'; this condition takes at_least, did, in_last"),
    ({"did": "a", "where": "price > 3"}, "'where' is a list of filters"),
    ({"person": "plan"}, "cannot read filter 'person.plan'"),
    ({"person": "plan", "operator": "~"}, "'operator' is one of =, !="),
    ({"person": "plan", "operator": "="}, "'=' needs a 'value'"),
    ({"person": "plan", "operator": "is set", "value": 1}, "'is set' takes no value"),
    ({"person": "plan", "operator": "in", "value": "pro"}, "'in' takes a non-empty list"),
    ({"person": "age", "operator": ">", "value": "old"}, "'>' compares numbers"),
    ({"person": "plan", "value": "pro"}, "'value' needs an 'operator'"),
    ({"funnel": ["a", "b"]}, "a funnel condition needs 'reached'"),
    ({"funnel": ["a", "b"], "reached": 3}, "'reached' is from 1 to 2, not 3"),
    ({"funnel": ["a"], "reached": 1}, "a funnel has 2 to 20 steps, not 1"),
    ({"funnel": ["a", "b"], "reached": 1, "order": "any"}, "unknown order 'any'"),
    ({"churn_risk_above": 1.5}, "'churn_risk_above' is a probability from 0 to 1, not 1.5"),
    ({"churn_risk_above": 0.5, "inactive": "x"}, "cannot read 'x' as a duration"),
]


@pytest.mark.parametrize(("definition", "message"), MISTAKES)
def test_a_mistake_is_refused_with_where_and_what(definition, message):
    with pytest.raises(QueryError, match="^segment definition") as caught:
        parse(definition)
    assert message in str(caught.value)


def test_size_limits():
    deep: dict = {"did": "a"}
    for _ in range(MAX_DEPTH + 1):
        deep = {"not": deep}
    with pytest.raises(QueryError, match=f"nest at most {MAX_DEPTH} deep"):
        parse(deep)
    wide = {"or": [{"did": f"e{i}"} for i in range(MAX_CONDITIONS)]}
    with pytest.raises(QueryError, match=f"at most {MAX_CONDITIONS} conditions"):
        parse(wide)
    assert parse(json.dumps({"or": wide["or"][:-1]}))
