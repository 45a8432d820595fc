"""What happens inside each session: the events, as integer-coded rows, in order and timed.

Each kind of activity adds its rows for all sessions at once; a sort key orders them inside the
session (landing page 0, login 1, browsing 2..3, funnel 4.x, support 5, cancel 6).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from whylens.demo import params as P
from whylens.demo.cast import Cast
from whylens.demo.catalog import PG, Catalog, E
from whylens.demo.runs import first_of_runs, ordinal_in_runs, run_starts
from whylens.demo.schedule import MAX_SESSION_S, Schedule

#: the funnel session's rows: (event, page); a person stops after the step it reaches
CHAIN = (
    (E["pageview"], PG["product"]),
    (E["view_item"], PG["product"]),
    (E["add_to_cart"], PG["product"]),
    (E["pageview"], PG["cart"]),
    (E["pageview"], PG["checkout"]),
    (E["experiment_exposure"], PG["checkout"]),
    (E["begin_checkout"], PG["checkout"]),
    (E["purchase"], PG["checkout"]),
    (E["pageview"], PG["confirmation"]),
)
#: rows of CHAIN a person with furthest step 0..3 gets
CHAIN_LENGTH = np.array([2, 4, 7, 9])
#: events that fire right after the page view they belong to (a second or two)
QUICK = (E["view_item"], E["search"], E["experiment_exposure"])
#: sort key of the signup / login event: it and every later row of the session carry the user_id
LOGIN_KEY = 1.5


@dataclass(frozen=True)
class SessionPlan:
    """Per-session decisions that several kinds of rows depend on."""

    bounce: np.ndarray
    second_device: np.ndarray
    login_key: np.ndarray  # rows with key >= this carry the user_id (inf: anonymous session)
    channel: np.ndarray  # index into CHANNELS: the source of the session's landing page
    campaign: np.ndarray  # index into CHANNEL_CAMPAIGNS[channel]
    identify: np.ndarray  # the session holding signup (new persons) or login (existing)
    chain: np.ndarray  # the session holding the person's funnel attempt
    chain_k: np.ndarray  # per person: ordinal of that session

    @property
    def logged_in(self) -> np.ndarray:
        return self.login_key < np.inf


@dataclass
class Rows:
    """Event rows under construction, one array per column, appended kind by kind."""

    parts: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(
        self,
        session: np.ndarray,
        key: np.ndarray,
        event: int | np.ndarray,
        page: int | np.ndarray,
        product: np.ndarray | int = -1,
        param: np.ndarray | int = -1,
        quantity: np.ndarray | int = 0,
    ) -> None:
        """Append rows; scalars are broadcast to the number of sessions given."""
        n = len(session)
        values = {
            "session": session,
            "key": key,
            "event": event,
            "page": page,
            "product": product,
            "param": param,
            "quantity": quantity,
        }
        for name, value in values.items():
            self.parts.setdefault(name, []).append(np.broadcast_to(np.asarray(value), (n,)))

    def columns(self) -> dict[str, np.ndarray]:
        """All rows, sorted by (session, key): the order of events inside each session."""
        merged = {name: np.concatenate(parts) for name, parts in self.parts.items()}
        order = np.lexsort((merged["key"], merged["session"]))
        return {name: values[order] for name, values in merged.items()}


def plan_sessions(cast: Cast, sched: Schedule, rng: np.random.Generator) -> SessionPlan:
    """Decide per session: bounce, device, login state, traffic source, special roles."""
    p, k, n = sched.person, sched.ordinal, sched.size
    identify_k = np.minimum(rng.choice(3, cast.size, p=(0.45, 0.35, 0.20)), sched.count - 1)
    lo = np.where(cast.outcome >= 2, identify_k, 0)  # checkout needs an account
    chain_k = lo + (rng.random(cast.size) * (sched.count - lo)).astype(int)
    identify = cast.identified[p] & (k == identify_k[p])
    chain = ~cast.bouncer[p] & (k == chain_k[p])
    cancel = cast.cancels[p] & (k == sched.count[p] - 1)
    after = cast.identified[p] & (k > identify_k[p])
    second = (cast.device2[p] >= 0) & after & ~chain & (rng.random(n) < 0.35)
    first_second = _first_of_person(p, second)
    forced = identify | chain | cancel | first_second
    bounce = cast.bouncer[p] | (~forced & (rng.random(n) < np.where(k == 0, 0.35, 0.18)))
    login_key = np.full(n, np.inf)
    login_key[after] = -np.inf
    login_key[identify | first_second] = LOGIN_KEY
    channel = _session_channel(cast, p, k, rng)
    sizes = np.array([len(c) for c in P.CHANNEL_CAMPAIGNS])
    campaign = (rng.random(n) * sizes[channel]).astype(int)
    return SessionPlan(bounce, second, login_key, channel, campaign, identify, chain, chain_k)


def _first_of_person(person: np.ndarray, flag: np.ndarray) -> np.ndarray:
    """True at the first flagged session of each person (sessions are sorted by person)."""
    first = np.zeros(len(flag), dtype=bool)
    first[first_of_runs(np.flatnonzero(flag), person)] = True
    return first


def _session_channel(
    cast: Cast, p: np.ndarray, k: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """First visit: the acquisition channel; later: mostly direct, some the same, some email."""
    direct, newsletter = P.CHANNELS.index("direct"), P.CHANNELS.index("newsletter")
    u = rng.random(len(p))
    later = np.where(u < 0.55, direct, np.where(u < 0.85, cast.channel[p], newsletter))
    later = np.where((later == newsletter) & ~cast.identified[p], direct, later)
    return np.where(k == 0, cast.channel[p], later)


def build_rows(
    cast: Cast,
    sched: Schedule,
    plan: SessionPlan,
    catalog: Catalog,
    days: int,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """All event rows of all sessions, sorted by (session, key)."""
    rows = Rows()
    _landing(rows, plan, rng)
    _identify(rows, cast, sched, plan)
    _browse(rows, cast, sched, plan, catalog, rng)
    _features(rows, cast, sched, plan, days, rng)
    _chains(rows, cast, sched, plan, catalog, rng)
    _support_and_cancel(rows, cast, sched, plan, rng)
    return rows.columns()


def _landing(rows: Rows, plan: SessionPlan, rng: np.random.Generator) -> None:
    """Every session opens with a page view of the home, a category or the deals page."""
    n = len(plan.bounce)
    pages = np.array([PG["home"], PG["category"], PG["deals"]])
    page = pages[rng.choice(3, n, p=(0.5, 0.38, 0.12))]
    rows.add(np.arange(n), np.zeros(n), E["pageview"], page, param=_category(page, rng))


def _identify(rows: Rows, cast: Cast, sched: Schedule, plan: SessionPlan) -> None:
    """signup (new persons) or login (existing ones, and on a second device's first visit)."""
    session = np.flatnonzero(plan.identify | (plan.second_device & (plan.login_key == LOGIN_KEY)))
    signup = plan.identify[session] & ~cast.existing[sched.person[session]]
    event = np.where(signup, E["signup"], E["login"])
    page = np.where(signup, PG["signup"], PG["login"])
    rows.add(session, np.ones(len(session)), E["pageview"], page)
    rows.add(session, np.full(len(session), LOGIN_KEY), event, page)


def _browse(
    rows: Rows,
    cast: Cast,
    sched: Schedule,
    plan: SessionPlan,
    catalog: Catalog,
    rng: np.random.Generator,
) -> None:
    """Product views (some followed by add_to_cart, for persons who reach the cart), other
    pages, searches; high-intent persons view more products, drawn from a generator of their
    own so that every other draw of the shop stays what it was before they did."""
    active = np.flatnonzero(~plan.bounce)
    high = cast.high_intent[sched.person[active]]
    views = 1 + rng.poisson(
        np.where(high, P.PRODUCT_VIEWS["high_intent"], P.PRODUCT_VIEWS["regular"])
    )
    _product_views(rows, cast, sched, np.repeat(active, views), catalog, rng)
    deeper = rng.spawn(1)[0]
    more = deeper.poisson(P.DEEPER_VIEWS, int(high.sum()))
    _product_views(rows, cast, sched, np.repeat(active[high], more), catalog, deeper)
    pages = np.array([PG["home"], PG["category"], PG["deals"], PG["account"]])
    session = np.repeat(active, rng.poisson(0.7, len(active)))
    page = pages[rng.choice(4, len(session), p=(0.3, 0.45, 0.15, 0.1))]
    page = np.where((page == PG["account"]) & ~plan.logged_in[session], PG["home"], page)
    rows.add(session, 2 + rng.random(len(session)), E["pageview"], page, param=_category(page, rng))
    session = active[rng.random(len(active)) < 0.35]
    key, term = 2 + rng.random(len(session)), rng.integers(0, 20, len(session))
    rows.add(session, key, E["pageview"], PG["search"], param=term)
    rows.add(session, key + 1e-6, E["search"], PG["search"], param=term)


def _product_views(
    rows: Rows,
    cast: Cast,
    sched: Schedule,
    session: np.ndarray,
    catalog: Catalog,
    rng: np.random.Generator,
) -> None:
    """A product page view and `view_item` per entry of `session`, some followed by add_to_cart."""
    key = 2 + rng.random(len(session))
    product = catalog.pick(len(session), rng)
    rows.add(session, key, E["pageview"], PG["product"], product)
    rows.add(session, key + 1e-6, E["view_item"], PG["product"], product)
    person = sched.person[session]
    cart_rate = np.where(
        cast.high_intent[person], P.EXTRA_CART_RATE["high_intent"], P.EXTRA_CART_RATE["regular"]
    )
    cart = (cast.outcome[person] >= 1) & (rng.random(len(session)) < cart_rate)
    rows.add(
        session[cart],
        key[cart] + 2e-6,
        E["add_to_cart"],
        PG["product"],
        product[cart],
        quantity=_quantity(cart.sum(), rng),
    )


def _features(
    rows: Rows, cast: Cast, sched: Schedule, plan: SessionPlan, days: int, rng: np.random.Generator
) -> None:
    """use_wishlist and use_reorder at steady rates; use_compare on the planted growth curve."""
    p, k = sched.person, sched.ordinal
    open_ = ~plan.bounce & plan.logged_in
    bought = (cast.outcome[p] == 3) & (k > plan.chain_k[p])
    for event, page, chosen in (
        ("use_wishlist", "wishlist", open_ & (rng.random(sched.size) < 0.06)),
        ("use_reorder", "orders", open_ & bought & (rng.random(sched.size) < 0.10)),
        (P.ADOPTION_FEATURE, "compare", _compare_sessions(sched, plan, days, rng)),
    ):
        session = np.flatnonzero(chosen)
        key = 2 + rng.random(len(session))
        rows.add(session, key, E["pageview"], PG[page])
        rows.add(session, key + 1e-6, E[event], PG[page])


def _compare_sessions(
    sched: Schedule, plan: SessionPlan, days: int, rng: np.random.Generator
) -> np.ndarray:
    """One session in a chosen share of person-weeks: adoption_share(week) of active persons.

    Bounce sessions must stay single page views, so the rate among person-weeks that have a
    non-bounce session is raised by the share of active person-weeks that have one."""
    weeks = -(-days // 7)
    week = sched.day // 7
    group = sched.person.astype(np.int64) * weeks + week
    active = np.unique(group)
    open_groups = np.unique(group[~plan.bounce])
    share = np.array([P.adoption_share(w, weeks) for w in range(weeks)])
    q = np.bincount(open_groups % weeks, minlength=weeks) / np.maximum(
        np.bincount(active % weeks, minlength=weeks), 1
    )
    chosen_groups = open_groups[
        rng.random(len(open_groups))
        < np.clip(share / np.maximum(q, 1e-9), 0, 1)[open_groups % weeks]
    ]
    candidates = np.flatnonzero(~plan.bounce & np.isin(group, chosen_groups))
    order = np.lexsort((rng.random(len(candidates)), group[candidates]))
    chosen = np.zeros(sched.size, dtype=bool)
    chosen[first_of_runs(candidates[order], group)] = True
    return chosen


def _chains(
    rows: Rows,
    cast: Cast,
    sched: Schedule,
    plan: SessionPlan,
    catalog: Catalog,
    rng: np.random.Generator,
) -> None:
    """The funnel attempt (cut at the person's furthest step), then repeat purchases of buyers."""
    p, k = sched.person, sched.ordinal
    rate = np.where(
        cast.high_intent[p],
        P.REPEAT_PURCHASE_RATE["high_intent"],
        P.REPEAT_PURCHASE_RATE["regular"],
    )
    repeat = (
        (cast.outcome[p] == 3)
        & (k > plan.chain_k[p])
        & ~plan.bounce
        & (rng.random(sched.size) < rate)
    )
    session = np.flatnonzero(plan.chain | repeat)
    length = np.where(repeat[session], len(CHAIN), CHAIN_LENGTH[cast.outcome[p[session]]])
    step = ordinal_in_runs(np.repeat(np.arange(len(session)), length))
    table = np.array(CHAIN)
    product = np.repeat(catalog.pick(len(session), rng), length)
    quantity = np.repeat(_quantity(len(session), rng), length)
    rows.add(
        np.repeat(session, length),
        4 + step / 100,
        table[step, 0],
        table[step, 1],
        product,
        quantity=quantity,
    )


def _support_and_cancel(
    rows: Rows, cast: Cast, sched: Schedule, plan: SessionPlan, rng: np.random.Generator
) -> None:
    """Support contacts, ten times as often for a person in decline; the cancellation last."""
    p = sched.person
    decaying = cast.churning[p] & (sched.day >= cast.decay_start[p])
    rate = np.where(decaying, 0.15, 0.015)
    support = np.flatnonzero(~plan.bounce & plan.logged_in & (rng.random(sched.size) < rate))
    rows.add(support, np.full(len(support), 5.0), E["pageview"], PG["contact"])
    rows.add(support, np.full(len(support), 5.0 + 1e-6), E["support_contact"], PG["contact"])
    cancel = np.flatnonzero(cast.cancels[p] & (sched.ordinal == sched.count[p] - 1))
    rows.add(cancel, np.full(len(cancel), 6.0), E["pageview"], PG["subscription"])
    rows.add(cancel, np.full(len(cancel), 6.0 + 1e-6), E["cancel_subscription"], PG["subscription"])


def time_rows(rows: dict[str, np.ndarray], sched: Schedule, rng: np.random.Generator) -> np.ndarray:
    """Microseconds since the window's start for each row: session start plus realistic gaps."""
    session = rows["session"]
    n = len(session)
    first = run_starts(session)
    quick = np.isin(rows["event"], QUICK)
    gap = np.where(quick, rng.uniform(0.2, 2.0, n), 3 + rng.exponential(35.0, n))
    gap = np.where(first, 0.0, np.minimum(gap, 900.0))
    starts = np.flatnonzero(first)
    total = np.add.reduceat(gap, starts)
    scale = np.minimum(1.0, MAX_SESSION_S / np.maximum(total, 1.0))  # keep sessions short
    gap_us = np.where(first, 0, np.maximum((gap * scale[session] * 1e6).astype(np.int64), 1000))
    elapsed = np.cumsum(gap_us)
    elapsed -= elapsed[starts][session]
    jitter = rng.integers(0, 1_000_000, sched.size)
    return (sched.start_s[session] * 1_000_000 + jitter[session]) + elapsed


def _category(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A category number for category pages, -1 elsewhere."""
    return np.where(page == PG["category"], rng.integers(0, 8, len(page)), -1)


def _quantity(count: int, rng: np.random.Generator) -> np.ndarray:
    """Items per cart line: mostly one."""
    return rng.choice(np.array([1, 2, 3]), count, p=(0.8, 0.15, 0.05))
