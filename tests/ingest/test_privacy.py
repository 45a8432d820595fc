"""The privacy policy in Python: what drop and mask do to properties and traits, the built-in IP
rules, names that are refused, and rejected events scrubbed."""

from __future__ import annotations

import hashlib
import hmac

import orjson
import pytest

from whylens.errors import ConfigError
from whylens.ingest.privacy import IP_PATHS, Policy, check_name, scrub_text

SECRET = bytes(range(32))


def test_the_ip_rules_apply_without_any_configured():
    policy = Policy()
    properties = {"$ip": "1.2.3.4", "IP": "5.6.7.8", "ip_address": "x", "Client_IP": "y",
                  "context": {"ip": "9.9.9.9", "locale": "de"}, "kept": 1}  # fmt: skip
    assert policy.properties(properties, {}) == {"context": {"locale": "de"}, "kept": 1}
    assert set(policy.drop) == set(IP_PATHS) and not policy.mask


def test_drop_and_mask_case_insensitive_nested_and_in_trait_objects():
    policy = Policy(drop=["Phone", "address.street"], mask=["email"], secret=SECRET)
    properties = {
        "EMAIL": "a@b.example",
        "phone": "+4912345",
        "address": {"Street": "Hauptstr. 1", "city": "Berlin"},
        "street": "top-level street is not address.street",
        "$set": {"Email": "a@b.example", "PHONE": 1, "plan": "pro"},
        "$set_once": {"email": "a@b.example"},
        "$group_set": {"email": "billing@acme.example"},
        "items": [{"email": "inside arrays is not matched"}],
    }
    protected = policy.properties(properties, {})
    hashed = policy.masked("a@b.example")
    assert protected == {
        "EMAIL": hashed,
        "address": {"city": "Berlin"},
        "street": "top-level street is not address.street",
        "$set": {"Email": hashed, "plan": "pro"},
        "$set_once": {"email": hashed},
        "$group_set": {"email": policy.masked("billing@acme.example")},
        "items": [{"email": "inside arrays is not matched"}],
    }
    assert properties["phone"] == "+4912345"  # the input is not changed


def test_the_mask_is_hmac_sha256_of_the_text_and_equal_values_stay_equal():
    policy = Policy(mask=["email"], secret=SECRET)
    expected = hmac.new(SECRET, b"a@b.example", hashlib.sha256).hexdigest()[:32]
    assert policy.masked("a@b.example") == expected
    assert policy.masked(42) == hmac.new(SECRET, b"42", hashlib.sha256).hexdigest()[:32]
    assert policy.masked({"a": [1]}) == policy.masked({"a": [1]}) != policy.masked({"a": [2]})
    assert policy.masked(None) is None
    other = Policy(mask=["email"], secret=bytes(32))
    assert other.masked("a@b.example") != expected  # another database, another secret


def test_drop_wins_over_mask_and_a_rule_on_a_parent_covers_its_keys():
    policy = Policy(drop=["email", "address"], mask=["email", "address.street"], secret=SECRET)
    assert not [rule for rule in policy.acting() if rule.action == "mask"]
    assert policy.properties({"email": "x", "address": {"street": "s"}, "a": 1}, {}) == {"a": 1}
    masked_parent = Policy(drop=["card.number"], mask=["card"], secret=SECRET)
    result = masked_parent.properties({"card": {"number": "4111", "exp": "12/30"}}, {})
    assert result == {"card": masked_parent.masked({"number": "4111", "exp": "12/30"})}


def test_objects_with_keys_seen_before_get_the_same_rules_as_the_first():
    policy = Policy(drop=["phone", "address.street"], mask=["email"], secret=SECRET)
    events = [
        {"Email": f"{n}@b.example", "phone": "1", "address": {"street": "s", "n": n}, "x": n}
        for n in range(3)
    ]
    for n, event in enumerate(events):  # the same keys each time: looked up, not found again
        assert policy.properties(event, {}) == {
            "Email": policy.masked(f"{n}@b.example"),
            "address": {"n": n},
            "x": n,
        }
    assert policy.properties({"Email": 1, "phone": "1"}, {}) == {"Email": policy.masked(1)}
    assert policy.properties({"address": "a plain value", "x": 1}, {}) == {
        "address": "a plain value",
        "x": 1,
    }
    assert policy.properties({"EMAIL": "c", "x": 2}, {}) == {"EMAIL": policy.masked("c"), "x": 2}


def test_one_traits_object_shared_by_properties_and_set_is_masked_once():
    policy = Policy(mask=["email"], secret=SECRET)
    traits = {"email": "a@b.example"}
    done: dict = {}
    properties = policy.properties({"$set": traits}, done)
    assert policy.traits(traits, done) is properties["$set"]
    assert properties["$set"]["email"] == policy.masked("a@b.example")


@pytest.mark.parametrize("name", ["", " ", "a..b", ".a", "a.", "it's", 'a"b', "a\\b", "x\ty",
                                  "$set.email", "$SET_ONCE"])  # fmt: skip
def test_names_that_are_not_key_paths_are_refused(name):
    with pytest.raises(ConfigError):
        check_name(name)


def test_names_are_trimmed_and_lower_case():
    assert check_name(" Billing.Email ") == "billing.email"
    assert Policy(drop=["Plan", "plan", "PLAN"]).drop.count("plan") == 1
    with pytest.raises(ConfigError, match="secret"):
        Policy(mask=["email"])


def test_rejected_events_are_scrubbed_wherever_the_keys_are():
    policy = Policy(drop=["phone"], mask=["email"], secret=SECRET)
    raw = orjson.dumps(
        {
            "type": "track",
            "context": {"ip": "203.0.113.9", "traits": {"email": "a@b.example"}},
            "properties": {"phone": "1", "$ip": "203.0.113.9", "n": 1},
        }  # fmt: skip
    ).decode()
    kept = orjson.loads(scrub_text(policy, raw))
    assert kept == {
        "type": "track",
        "context": {"traits": {"email": policy.masked("a@b.example")}},
        "properties": {"n": 1},
    }


def test_text_that_is_not_json_loses_its_addresses():
    policy = Policy()
    cut = '{"context": {"ip": "203.0.113.9", "v6": "2001:db8::1"}, "x": "' + "y" * 50 + "…"
    kept = scrub_text(policy, cut)
    assert "203.0.113.9" not in kept and "2001:db8::1" not in kept
    assert kept.startswith('{"context": {"ip": "[address removed]"')
    assert scrub_text(policy, '{"event": "a",') == '{"event": "a",'  # nothing to remove
    assert scrub_text(policy, "at 12:30:45 on 2024-05-01") == "at 12:30:45 on 2024-05-01"
    mapped = scrub_text(policy, "from ::ffff:198.51.100.7 and 1:2:3:4:5:6:7:8.")
    assert mapped == "from [address removed]:[address removed] and [address removed]."
