"""Seeded synthetic clickstreams for the benchmarks: persons who come back in sessions.

Everything is drawn as whole numpy arrays (no loop over events), so 10M events take seconds.
Files are written once into bench/data/ and reused while they exist.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 20240601
#: bump when the generator changes, so that files from an older one are not reused
VERSION = 1

#: event names and how often each occurs after a session's landing page view
EVENT_MIX: dict[str, float] = {
    "$pageview": 0.40,
    "view_item": 0.25,
    "search": 0.12,
    "add_to_cart": 0.08,
    "login": 0.07,
    "begin_checkout": 0.05,
    "purchase": 0.03,
}
EVENTS_PER_PERSON = 50
MEAN_EVENTS_PER_SESSION = 6
PRODUCTS = 5_000
SPAN_US = 90 * 86_400 * 1_000_000
START = np.datetime64("2025-03-01T00:00:00", "us")
#: share of sessions whose landing URL carries UTM tags, and the tags they carry
TAGGED_SHARE = 0.3
CAMPAIGNS = (
    "?utm_source=google&utm_medium=cpc&utm_campaign=spring",
    "?utm_source=newsletter&utm_medium=email&utm_campaign=weekly",
    "?utm_source=facebook&utm_medium=social&utm_campaign=retargeting",
    "?utm_source=bing&utm_medium=cpc&utm_campaign=brand",
)
_SECOND_US = 1_000_000
_MINUTE_US = 60 * _SECOND_US
_HOUR_US = 60 * _MINUTE_US


@dataclass(frozen=True)
class Dataset:
    """The files of one generated size."""

    events: int
    parquet: Path
    csv: Path

    @property
    def exists(self) -> bool:
        return self.parquet.exists() and self.csv.exists()


def label(events: int) -> str:
    """1_000_000 -> '1M', 200_000 -> '200k'."""
    if events % 1_000_000 == 0:
        return f"{events // 1_000_000}M"
    return f"{events // 1_000}k" if events % 1_000 == 0 else str(events)


def locate(events: int, data_dir: Path = DATA_DIR) -> Dataset:
    """Where the dataset of `events` rows lives (whether or not it was generated yet)."""
    stem = data_dir / f"events-{label(events)}-seed{SEED}-v{VERSION}"
    return Dataset(events, stem.with_suffix(".parquet"), stem.with_suffix(".csv"))


def write(dataset: Dataset) -> None:
    """Generate the dataset and write it as Parquet and as CSV."""
    dataset.parquet.parent.mkdir(parents=True, exist_ok=True)
    table = generate(dataset.events)
    _write_atomically(dataset.parquet, lambda tmp: pq.write_table(table, tmp))
    _write_atomically(dataset.csv, lambda tmp: pacsv.write_csv(_as_csv(table), tmp))


def generate(events: int, seed: int = SEED) -> pa.Table:
    """`events` rows in time order: user_id, event, timestamp (UTC, µs), url, price."""
    rng = np.random.default_rng(seed)
    session_len = _session_lengths(rng, events)
    persons = max(events // EVENTS_PER_PERSON, 1)
    session_person = _session_persons(rng, len(session_len), persons)
    session_start = _session_starts(rng, session_person, persons)
    session_of = np.repeat(np.arange(len(session_len)), session_len)
    is_first = _starts_of(session_len)
    # seconds to minutes between a session's events, never the 30-minute timeout
    gap = np.minimum(rng.lognormal(np.log(40 * _SECOND_US), 1.0, events), 20 * _MINUTE_US)
    gap[is_first] = 0
    offset = _grouped_cumsum(gap.astype(np.int64), is_first)
    timestamp = session_start[session_of] + offset
    event = rng.choice(len(EVENT_MIX), size=events, p=list(EVENT_MIX.values()))
    event[is_first] = 0  # every visit lands on a page view
    popularity = 1 / np.arange(1, PRODUCTS + 1) ** 1.1
    product = rng.choice(PRODUCTS, size=events, p=popularity / popularity.sum())
    order = np.argsort(timestamp, kind="stable")
    columns = {
        "user_id": _user_ids(persons).take(pa.array(session_person[session_of][order])),
        "event": pa.array(list(EVENT_MIX)).take(pa.array(event[order])),
        "timestamp": pa.array(START + timestamp[order], pa.timestamp("us", tz="UTC")),
        "url": _urls(rng, event, product, is_first, session_of).take(pa.array(order)),
        "price": _prices(rng, event, product).take(pa.array(order)),
    }
    return pa.table(columns)


def _session_lengths(rng: np.random.Generator, events: int) -> np.ndarray:
    """Events per session (geometric, mean ~6), the last one cut so they sum to `events`."""
    draws = rng.geometric(1 / MEAN_EVENTS_PER_SESSION, events // MEAN_EVENTS_PER_SESSION * 2 + 16)
    total = np.cumsum(draws)
    count = int(np.searchsorted(total, events)) + 1
    lengths = draws[:count].copy()
    lengths[-1] -= int(total[count - 1]) - events
    return lengths


def _session_persons(rng: np.random.Generator, sessions: int, persons: int) -> np.ndarray:
    """Person of each session: everyone visits once, the rest go mostly to the loyal few."""
    first = np.arange(min(persons, sessions))
    weight = rng.lognormal(0.0, 1.0, persons)
    more = rng.choice(persons, size=sessions - len(first), p=weight / weight.sum())
    return rng.permutation(np.concatenate([first, more]))


def _session_starts(rng: np.random.Generator, person: np.ndarray, persons: int) -> np.ndarray:
    """µs from START: a person's sessions hours to days apart, all within the 90 days."""
    order = np.argsort(person, kind="stable")
    sorted_person = person[order]
    first = np.r_[True, sorted_person[1:] != sorted_person[:-1]]
    visits = np.bincount(person, minlength=persons)[sorted_person]
    # mean gap spreads a person's visits over about half the period; at least one hour apart
    mean_gap = SPAN_US / 2 / visits
    gap = (_HOUR_US + rng.exponential(mean_gap)).astype(np.int64)
    gap[first] = 0
    since_first = _grouped_cumsum(gap, first)
    span = np.maximum.reduceat(since_first, np.flatnonzero(first))
    person_span = np.repeat(span, np.diff(np.r_[np.flatnonzero(first), len(person)]))
    # squeeze a span longer than the period into most of it; a day is left for the visits
    room = SPAN_US - 86_400 * _SECOND_US
    fit = room * rng.uniform(0.7, 1.0, persons)[sorted_person]
    scale = np.minimum(1.0, fit / np.maximum(person_span, 1))
    slack = room - person_span * scale
    begin = rng.random(persons)[sorted_person]
    starts = np.empty(len(person), dtype=np.int64)
    starts[order] = (begin * slack + since_first * scale).astype(np.int64)
    return starts


def _starts_of(lengths: np.ndarray) -> np.ndarray:
    """Boolean mask of the first row of each consecutive group of the given lengths."""
    mask = np.zeros(int(lengths.sum()), dtype=bool)
    mask[np.r_[0, np.cumsum(lengths)[:-1]]] = True
    return mask


def _grouped_cumsum(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Running sum of `values` restarting at every True of `first` (rows already grouped)."""
    total = np.cumsum(values)
    starts = np.flatnonzero(first)
    base = total[starts] - values[starts]
    return total - np.repeat(base, np.diff(np.r_[starts, len(values)]))


def _user_ids(persons: int) -> pa.Array:
    return pa.array([f"u{n}" for n in range(persons)], pa.string())


def _urls(rng, event, product, is_first, session_of) -> pa.Array:
    """Product pages for views, fixed pages for the rest, UTM tags on some landings."""
    names = list(EVENT_MIX)
    product_pages = pa.array([f"https://shop.example/products/p-{n}" for n in range(PRODUCTS)])
    fixed = {
        "search": "https://shop.example/search",
        "add_to_cart": "https://shop.example/cart",
        "begin_checkout": "https://shop.example/checkout",
        "purchase": "https://shop.example/checkout/thanks",
        "login": "https://shop.example/login",
    }
    pages = pa.concat_arrays([product_pages, pa.array([fixed[n] for n in names if n in fixed])])
    fixed_index = {n: PRODUCTS + i for i, n in enumerate(n for n in names if n in fixed)}
    page = product.copy()
    for name, index in fixed_index.items():
        page[event == names.index(name)] = index
    tagged_session = rng.random(int(session_of[-1]) + 1) < TAGGED_SHARE
    campaign = rng.integers(1, len(CAMPAIGNS) + 1, len(event))
    campaign[~(is_first & tagged_session[session_of])] = 0
    suffixes = pa.array(("",) + CAMPAIGNS)
    return pc.binary_join_element_wise(
        pages.take(pa.array(page)), suffixes.take(pa.array(campaign)), ""
    )


def _prices(rng, event, product) -> pa.Array:
    """A product's price on events about a product; null on the others."""
    names = list(EVENT_MIX)
    catalogue = np.round(rng.lognormal(np.log(30), 0.8, PRODUCTS), 2)
    priced = np.isin(event, [names.index(n) for n in ("view_item", "add_to_cart", "purchase")])
    return pa.array(catalogue[product], pa.float64(), mask=~priced)


def _as_csv(table: pa.Table) -> pa.Table:
    """Timestamps as ISO 8601 text with a Z (`2025-03-01T12:00:00.123456Z`)."""
    text = pc.strftime(table["timestamp"], format="%Y-%m-%dT%H:%M:%SZ")
    return table.set_column(table.schema.get_field_index("timestamp"), "timestamp", text)


def _write_atomically(path: Path, write) -> None:
    """A half-written file is never taken for a dataset on the next run."""
    tmp = path.with_name(path.name + ".tmp")
    write(str(tmp))
    os.replace(tmp, path)
