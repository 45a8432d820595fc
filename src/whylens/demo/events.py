"""The events table: integer-coded rows in session order become the columns an SDK would send.

Page relations (landing page, previous page) are worked out on codes in session order; the
strings are made once, after the rows are put in time order.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from whylens.demo import params as P
from whylens.demo.cast import Cast
from whylens.demo.catalog import (
    CATEGORIES,
    EVENTS,
    FEATURES,
    PAGES,
    PG,
    PRODUCT_EVENTS,
    PRODUCTS,
    SEARCH_TERMS,
    SITE,
    Catalog,
    E,
)
from whylens.demo.journeys import SessionPlan
from whylens.demo.runs import run_starts
from whylens.demo.schedule import Schedule
from whylens.demo.strings import float_column, numbered, take


def events_table(
    rows: dict[str, np.ndarray],
    micros: np.ndarray,
    cast: Cast,
    sched: Schedule,
    plan: SessionPlan,
    catalog: Catalog,
    ids: dict[str, pa.Array],
    first_day: dt.date,
    seed: int,
) -> pa.Table:
    """The events table, sorted by time; event ids count up in that order."""
    session = rows["session"]
    campaign = _on_landing_page(rows) & (plan.channel[session] != P.CHANNELS.index("direct"))
    url = _url_codes(rows, plan, campaign)
    previous = _previous_page(rows)
    referrer = url[np.maximum(previous, 0)]
    order = np.argsort(micros, kind="stable")
    rows = {name: values[order] for name, values in rows.items()}
    url, referrer, previous, campaign = (a[order] for a in (url, referrer, previous, campaign))
    session, event, product = rows["session"], rows["event"], rows["product"]
    person = sched.person[session]
    second = plan.second_device[session]
    device = np.where(second, cast.device2[person], cast.device[person])
    is_product = np.isin(event, PRODUCT_EVENTS)
    purchase = event == E["purchase"]
    signed_in = cast.identified[person] & (rows["key"] >= plan.login_key[session])
    browser = _browser_offsets()[device] + cast.browser[person, second.astype(int)]
    price = catalog.price[np.maximum(product, 0)]
    start = np.datetime64(first_day, "us").astype(np.int64)
    return pa.table(
        {
            "event_id": numbered(f"demo-{seed}-", np.arange(len(event))),
            "user_id": ids["user"].take(pa.array(person, mask=~signed_in)),
            "anonymous_id": ids["anonymous"].take(pa.array(person * 2 + second)),
            "event": take(EVENTS, event),
            "timestamp": pa.array(start + micros[order], pa.timestamp("us")),
            "session_id": ids["session"].take(pa.array(session)),
            "url": _url_strings(url),
            "referrer": pc.if_else(
                pa.array(previous >= 0),
                _url_strings(referrer),
                take(P.CHANNEL_REFERRER, plan.channel[session]),
            ),
            "utm_source": take(P.CHANNELS, plan.channel[session], campaign),
            "utm_medium": take(P.CHANNEL_MEDIUM, plan.channel[session], campaign),
            "utm_campaign": take(
                _campaigns(), plan.channel[session] * 3 + plan.campaign[session], campaign
            ),
            "device_type": take(P.DEVICES, device),
            "browser": take([b for options in P.BROWSERS for b, _, _ in options], browser),
            "os": take([o for options in P.BROWSERS for _, o, _ in options], browser),
            "country": take([c[0] for c in P.COUNTRIES], cast.country[person]),
            "product_id": take(_product_names(), np.maximum(product, 0), is_product),
            "category": take(CATEGORIES, catalog.category[np.maximum(product, 0)], is_product),
            "price": float_column(price, is_product),
            "quantity": pa.array(
                rows["quantity"], pa.int64(), mask=~(is_product & (event != E["view_item"]))
            ),
            "revenue": float_column(np.round(price * rows["quantity"], 2), purchase),
            "order_id": _order_ids(purchase),
            "search_query": take(SEARCH_TERMS, np.maximum(rows["param"], 0), event == E["search"]),
            "experiment": take(
                [P.EXPERIMENT], np.zeros(len(event)), event == E["experiment_exposure"]
            ),
            "variant": take(P.ARMS, cast.arm[person], event == E["experiment_exposure"]),
            "feature": _feature(event),
        }
    )


def _order_ids(purchase: np.ndarray) -> pa.Array:
    """order-000001, order-000002... on purchase rows in time order, null elsewhere."""
    number = np.cumsum(purchase)
    return pc.if_else(
        pa.array(purchase), numbered("order-", number, 6), pa.nulls(len(purchase), pa.string())
    )


def _on_landing_page(rows: dict[str, np.ndarray]) -> np.ndarray:
    """Rows that belong to the session's first page view (the landing page and its events)."""
    return _page_view_index(rows) == _session_first_row(rows["session"])


def _page_view_index(rows: dict[str, np.ndarray]) -> np.ndarray:
    """For each row, the row index of the page view it happened on (rows in session order)."""
    index = np.arange(len(rows["event"]))
    return np.maximum.accumulate(np.where(rows["event"] == E["pageview"], index, 0))


def _session_first_row(session: np.ndarray) -> np.ndarray:
    return np.flatnonzero(run_starts(session))[session]  # every session has rows, numbered 0..n-1


def _previous_page(rows: dict[str, np.ndarray]) -> np.ndarray:
    """Row of the page view before the one each row happened on; -1 on the landing page, whose
    referrer is external (document.referrer keeps the page's referrer for all its events)."""
    session = rows["session"]
    pageview = rows["event"] == E["pageview"]
    inner = pageview & (_session_first_row(session) != np.arange(len(session)))
    view_of = _page_view_index(rows)
    previous = np.full(len(session), -1)
    previous[inner] = view_of[np.flatnonzero(inner) - 1]
    return np.where(pageview, previous, previous[view_of])


def _url_codes(rows: dict[str, np.ndarray], plan: SessionPlan, campaign: np.ndarray) -> np.ndarray:
    """(rows, 3) codes: page path, its parameter (product, category, search term), utm query."""
    page, param = rows["page"], rows["param"]
    products = len(_product_names())
    code = np.select(
        [page == PG["product"], page == PG["category"], page == PG["search"]],
        [1 + rows["product"], 1 + products + param, 1 + products + len(CATEGORIES) + param],
        0,
    )
    session = rows["session"]
    query = np.where(campaign, 1 + plan.channel[session] * 3 + plan.campaign[session], 0)
    return np.stack([page, code, query], axis=1)


def _url_strings(codes: np.ndarray) -> pa.Array:
    """SITE + path (+ product / category / search term) (+ utm query on the landing page)."""
    params = (
        [""] + _product_names() + list(CATEGORIES) + [t.replace(" ", "+") for t in SEARCH_TERMS]
    )
    queries = [""] + [_utm_query(c, k) for c in range(len(P.CHANNELS)) for k in range(3)]
    return pc.binary_join_element_wise(
        SITE,
        take(list(PAGES.values()), codes[:, 0]),
        take(params, codes[:, 1]),
        take(queries, codes[:, 2]),
        "",
    )


def _utm_query(channel: int, campaign: int) -> str:
    names = P.CHANNEL_CAMPAIGNS[channel]
    if P.CHANNEL_MEDIUM[channel] is None or campaign >= len(names):
        return ""
    return (
        f"?utm_source={P.CHANNELS[channel]}&utm_medium={P.CHANNEL_MEDIUM[channel]}"
        f"&utm_campaign={names[campaign]}"
    )


def _campaigns() -> list[str | None]:
    """Campaign names indexed by channel * 3 + campaign number."""
    return [names[k] if k < len(names) else None for names in P.CHANNEL_CAMPAIGNS for k in range(3)]


@cache
def _product_names() -> list[str]:
    return [f"p-{number}" for number in Catalog.product_id(np.arange(PRODUCTS))]


def _browser_offsets() -> np.ndarray:
    """Where each device type's browsers start in the flattened BROWSERS list."""
    return np.cumsum([0] + [len(options) for options in P.BROWSERS[:-1]])


def _feature(event: np.ndarray) -> pa.Array:
    codes = list(FEATURES)
    index = np.select([event == code for code in codes], list(range(len(codes))), -1)
    return take(list(FEATURES.values()), np.maximum(index, 0), index >= 0)
