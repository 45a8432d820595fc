"""The part of each whylens document that its hand-written query (`bench.handwritten`) also
computes, in the same shape, so that `first_difference` can compare the two."""

from __future__ import annotations

from typing import Any

_TOTALS = (
    "sessions",
    "persons",
    "bounce_rate",
    "pages_per_session",
    "duration_s",
    "repeat_visit_rate",
    "new_persons",
    "returning_persons",
)


def trends(doc: dict[str, Any]) -> list[tuple[str, int]]:
    return [(point["date"], point["value"]) for point in doc["series"][0]["data"]]


def sessions(doc: dict[str, Any]) -> dict[str, Any]:
    utm = doc["utm"]
    return {
        "totals": {key: doc[key] for key in _TOTALS},
        "histogram": [b["sessions"] for b in doc["duration_histogram"]],
        "groups": {
            "entry_pages": doc["entry_pages"],
            "sources": doc["sources"],
            "utm_source": utm["source"],
            "utm_medium": utm["medium"],
            "utm_campaign": utm["campaign"],
            "devices": doc["devices"],
            "browsers": doc["browsers"],
            "os": doc["os"],
            "countries": doc["countries"],
        },
        "exit_pages": doc["exit_pages"],
        "timeline": [
            {"day": t["date"], **{k: v for k, v in t.items() if k != "date"}}
            for t in doc["timeline"]
        ],
    }


def funnel(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "persons": s["persons"],
            "mean_s": s["mean_time_from_previous_s"],
            "median_s": s["median_time_from_previous_s"],
            "bins": [b["persons"] for b in s["time_histogram"]],
        }
        for s in doc["steps"]
    ]


def funnel_persons(doc: dict[str, Any]) -> list[int]:
    """Persons per step: all that windowFunnel, ClickHouse's own funnel, gives."""
    return [s["persons"] for s in doc["steps"]]


def retention(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"cohort": c["cohort"], "size": c["size"], "counts": c["counts"]} for c in doc["cohorts"]
    ]


def transitions(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["transitions"]


def paths(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "nodes": [(s["step"], n["name"], n["persons"]) for s in doc["steps"] for n in s["nodes"]],
        "links": [(k["step"], k["source"], k["target"], k["persons"]) for k in doc["links"]],
        "paths": [(p["path"], p["persons"]) for p in doc["top_paths"]],
    }


def stickiness(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "distribution": [(r["period"], r["days"], r["persons"]) for r in doc["distribution"]],
        "dau_mau": [(r["date"], r["dau"], r["mau"], r["ratio"]) for r in doc["dau_mau"]],
    }


def lifecycle(doc: dict[str, Any]) -> list[tuple[str, int, int, int, int]]:
    return [
        (r["interval"], r["new"], r["returning"], r["resurrecting"], r["dormant"])
        for r in doc["intervals"]
    ]


def adoption(doc: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "adopters",
        "active_persons",
        "median_days_to_adopt",
        "mean_days_to_adopt",
        "uses_per_adopter_week",
        "retained_eligible",
        "retained_rate",
        "adopter_active_rate",
        "non_adopter_active_rate",
    )
    features = sorted(doc["features"], key=lambda f: f["feature"])
    return {
        "features": [{"feature": f["feature"], **{k: f[k] for k in keys}} for f in features],
        "trend": [
            (f["feature"], p["interval"], p["active_persons"], p["users"])
            for f in features
            for p in f["trend"]
        ],
        "breadth": [(d["features"], d["persons"]) for d in doc["breadth"]["distribution"]],
    }
