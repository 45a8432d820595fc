"""The demo shop: deterministic, well formed, and each planted truth found again with plain SQL.

Statistics that need size use the default data set (generated once for the module); the rest
use a small one. Tolerances are several standard errors wide; docs/demo-data.md lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from whylens.demo import DemoData, generate
from whylens.demo import params as P

END = dt.date(2026, 11, 1)
EVENT_NAMES = {
    "$pageview", "view_item", "add_to_cart", "begin_checkout", "purchase", "signup", "login",
    "search", "use_wishlist", "use_compare", "use_reorder", "support_contact",
    "experiment_exposure", "cancel_subscription",
}  # fmt: skip
#: words of complaint, chosen by reading comments, not by reading the generator's templates
NEGATIVE = (
    "(?i)late|took almost|still waiting|charged twice|billed two|double charge|payment twice"
    "|freez|froze|crash|hangs|expensive|overpriced|too high|cheaper elsewhere|slow|never got"
    "|took \\d+ days|waited"
)


@pytest.fixture(scope="module")
def full() -> DemoData:
    """The default data set (how long it takes is `make bench`'s business, not a test's)."""
    return generate()


@pytest.fixture(scope="module")
def small() -> DemoData:
    return generate(users=2000, days=60, seed=1)


def connect(data: DemoData) -> duckdb.DuckDBPyConnection:
    """The four tables, plus `stitched`: events with the person each belongs to (the user_id
    that any event of the same anonymous id carries, else the anonymous id)."""
    con = duckdb.connect()
    for name in ("events", "persons", "feedback", "truth"):
        con.register(name, getattr(data, name))
    con.execute("""
        CREATE TABLE stitched AS
        WITH links AS (SELECT anonymous_id, any_value(user_id) AS linked FROM events
                       WHERE user_id IS NOT NULL GROUP BY 1)
        SELECT e.*, coalesce(e.user_id, l.linked, e.anonymous_id) AS person
        FROM events e LEFT JOIN links l USING (anonymous_id)
    """)
    return con


@pytest.fixture(scope="module")
def db(full: DemoData) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(full)
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    rows = con.sql(sql).fetchall()
    assert len(rows) == 1
    return rows[0]


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """Rows the query returns."""
    return int(one(con, f"SELECT count(*) FROM ({sql})")[0])


def auc(score: np.ndarray, label: np.ndarray) -> float:
    """Area under the ROC curve by the rank-sum formula (ties share their mean rank)."""
    order = np.argsort(score, kind="stable")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    for value in np.unique(score):
        tied = score == value
        ranks[tied] = ranks[tied].mean()
    positives = int(label.sum())
    negatives = len(label) - positives
    return float((ranks[label].sum() - positives * (positives + 1) / 2) / (positives * negatives))


# -- shape and determinism -----------------------------------------------------------------------
def test_same_seed_gives_identical_tables_and_another_seed_does_not() -> None:
    first, again = generate(users=500, days=30, seed=7), generate(users=500, days=30, seed=7)
    for name in ("events", "persons", "feedback", "truth"):
        assert getattr(first, name).equals(getattr(again, name)), name
    other = generate(users=500, days=30, seed=8)
    assert not first.events.equals(other.events)
    assert not first.feedback.equals(other.feedback)


def test_defaults_have_about_a_million_events(full: DemoData) -> None:
    data = full
    assert 800_000 <= data.events.num_rows <= 1_300_000
    assert data.truth.num_rows == 20_000
    assert 0.6 * 20_000 <= data.persons.num_rows <= 0.8 * 20_000


def test_schemas(small: DemoData) -> None:
    text, number = pa.string(), pa.float64()
    events = {
        "event_id": text, "user_id": text, "anonymous_id": text, "event": text,
        "timestamp": pa.timestamp("us"), "session_id": text, "url": text, "referrer": text,
        "utm_source": text, "utm_medium": text, "utm_campaign": text, "device_type": text,
        "browser": text, "os": text, "country": text, "product_id": text, "category": text,
        "price": number, "quantity": pa.int64(), "revenue": number, "order_id": text,
        "search_query": text, "experiment": text, "variant": text, "feature": text,
    }  # fmt: skip
    persons = {
        "person_id": text, "email": text, "plan": text, "signup_date": pa.date32(),
        "country": text, "acquisition_channel": text,
    }  # fmt: skip
    feedback = {
        "person_id": text, "timestamp": pa.timestamp("us"), "kind": text, "score": number,
        "text": text, "source": text,
    }  # fmt: skip
    for table, expected in (
        (small.events, events),
        (small.persons, persons),
        (small.feedback, feedback),
    ):
        assert dict(zip(table.schema.names, table.schema.types, strict=True)) == expected


def test_values_are_well_formed(small: DemoData) -> None:
    con = connect(small)
    start = dt.datetime.combine(END - dt.timedelta(days=60), dt.time())
    first, last, rows, ids = one(
        con, "SELECT min(timestamp), max(timestamp), count(*), count(DISTINCT event_id) FROM events"
    )
    assert start <= first and last < dt.datetime.combine(END, dt.time())
    assert ids == rows
    assert {r[0] for r in con.sql("SELECT DISTINCT event FROM events").fetchall()} == EVENT_NAMES
    for bad_rows in (
        "SELECT * FROM events WHERE anonymous_id IS NULL",
        "SELECT * FROM events WHERE device_type NOT IN ('desktop', 'mobile', 'tablet')",
        "SELECT * FROM events WHERE NOT regexp_matches(country, '^[A-Z]{2}$')",
        # a page's path comes from its url; product pages name the product
        """SELECT * FROM events WHERE event = 'view_item'
           AND regexp_extract(url, '^https://shop\\.example(/products/p-\\d+)$', 1)
               != '/products/' || product_id""",
        """SELECT * FROM events WHERE event = 'purchase'
           AND (revenue IS NULL OR revenue <= 0 OR order_id IS NULL)""",
        "SELECT * FROM events WHERE (utm_source IS NULL) != (utm_medium IS NULL)",
        """SELECT * FROM events
           WHERE utm_source IS NOT NULL AND NOT contains(url, 'utm_source=' || utm_source)""",
        """SELECT * FROM persons
           WHERE email NOT LIKE '%@example.com' OR plan NOT IN ('free', 'pro', 'business')""",
        "SELECT person_id FROM persons GROUP BY 1 HAVING count(*) > 1",
    ):
        assert count(con, bad_rows) == 0, bad_rows


def test_identity_stitching(small: DemoData) -> None:
    con = connect(small)
    # after the first event with a user_id, every event of that browser carries it
    anonymous_after_login = """
        WITH login AS (SELECT anonymous_id, min(timestamp) FILTER (WHERE user_id NOT NULL) AS since
                       FROM events GROUP BY 1)
        SELECT * FROM events JOIN login USING (anonymous_id)
        WHERE timestamp >= since AND user_id IS NULL"""
    assert count(con, anonymous_after_login) == 0
    shared = "SELECT anonymous_id FROM events GROUP BY 1 HAVING count(DISTINCT user_id) > 1"
    assert count(con, shared) == 0
    # browsing before signing up, two devices for some, and visitors who never sign up
    before_signup = """SELECT * FROM events WHERE user_id IS NULL
        AND anonymous_id IN (SELECT anonymous_id FROM events WHERE event = 'signup')"""
    assert count(con, before_signup) > 0
    two_devices = """SELECT user_id FROM events WHERE user_id IS NOT NULL
        GROUP BY 1 HAVING count(DISTINCT anonymous_id) = 2"""
    assert 0.1 < count(con, two_devices) / small.persons.num_rows < 0.4
    assert count(con, "SELECT DISTINCT person FROM stitched WHERE person LIKE 'anon-%'") > 0
    unseen = """SELECT * FROM persons
        WHERE person_id NOT IN (SELECT user_id FROM events WHERE user_id IS NOT NULL)"""
    assert count(con, unseen) == 0


def test_sessions_follow_the_30_minute_rule(small: DemoData) -> None:
    con = connect(small)
    (inside,) = one(
        con,
        """SELECT max(gap) FROM (SELECT timestamp - lag(timestamp)
           OVER (PARTITION BY session_id ORDER BY timestamp) AS gap FROM events)""",
    )
    (between,) = one(
        con,
        """
        WITH s AS (SELECT anonymous_id, session_id, min(timestamp) AS a, max(timestamp) AS b
                   FROM events GROUP BY 1, 2)
        SELECT min(a - previous) FROM (
            SELECT a, lag(b) OVER (PARTITION BY anonymous_id ORDER BY a) AS previous FROM s)""",
    )
    assert inside < dt.timedelta(minutes=30) < between
    bounce, median_events, sessions_per_person = one(
        con,
        """
        WITH s AS (SELECT person, session_id, count(*) AS n FROM stitched GROUP BY 1, 2)
        SELECT avg((n = 1)::INT), median(n), (SELECT median(k) FROM
            (SELECT count(*) AS k FROM s WHERE person LIKE 'user-%' GROUP BY person)) FROM s""",
    )
    assert 0.08 < bounce < 0.35
    assert median_events >= 4
    assert sessions_per_person >= 4


# -- the planted truths --------------------------------------------------------------------------
START = END - dt.timedelta(days=90)  # of the default data set
CUTOFF = END - dt.timedelta(days=21)  # churn: features before it, label after it

FUNNEL_SQL = """
    WITH steps AS (SELECT person, event, timestamp AS t FROM stitched
                   WHERE event IN ('view_item', 'add_to_cart', 'begin_checkout', 'purchase')),
    s1 AS (SELECT person, t AS t1 FROM steps WHERE event = 'view_item'),
    s2 AS (SELECT person, t FROM steps WHERE event = 'add_to_cart'),
    s3 AS (SELECT person, t FROM steps WHERE event = 'begin_checkout'),
    s4 AS (SELECT person, t FROM steps WHERE event = 'purchase'),
    a AS (SELECT s1.*, s2.t AS t2 FROM s1
          ASOF LEFT JOIN s2 ON s1.person = s2.person AND s2.t >= s1.t1),
    b AS (SELECT a.*, s3.t AS t3 FROM a
          ASOF LEFT JOIN s3 ON a.person = s3.person AND s3.t >= a.t2),
    c AS (SELECT b.*, s4.t AS t4 FROM b
          ASOF LEFT JOIN s4 ON b.person = s4.person AND s4.t >= b.t3),
    reached AS (
        SELECT person, CASE WHEN t4 <= t1 + INTERVAL 7 DAY THEN 4
                            WHEN t3 <= t1 + INTERVAL 7 DAY THEN 3
                            WHEN t2 <= t1 + INTERVAL 7 DAY THEN 2 ELSE 1 END AS step
        FROM c),
    first_visit AS (SELECT person, arg_min(coalesce(utm_source, 'direct'), timestamp) AS channel,
                           arg_min(device_type, timestamp) AS device
                    FROM stitched GROUP BY 1)
    SELECT {by}, avg((step >= 2)::INT), avg((step >= 3)::INT) / avg((step >= 2)::INT),
           avg((step >= 4)::INT) / avg((step >= 3)::INT)
    FROM (SELECT person, max(step) AS step FROM reached GROUP BY 1) JOIN first_visit USING (person)
    GROUP BY 1
"""


def test_funnel_rates_by_channel_and_device(db: duckdb.DuckDBPyConnection) -> None:
    """Ordered funnel over persons, 7-day window from each view_item, furthest step reached,
    broken down by the person's first visit."""
    found: dict[str, tuple[float, ...]] = {}
    for by, values in (("channel", P.CHANNELS), ("device", P.DEVICES)):
        rows = {row[0]: row[1:] for row in db.sql(FUNNEL_SQL.format(by=by)).fetchall()}
        assert set(rows) == set(values)
        for value in values:
            expected = P.expected_funnel(**{by: value})
            assert np.allclose(rows[value], expected, atol=0.05), (value, rows[value], expected)
        found.update(rows)
    assert all(d > m for d, m in zip(found["desktop"], found["mobile"], strict=True))


def test_compare_adoption_grows_linearly(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.sql(f"""
        WITH weekly AS (SELECT person, date_diff('day', DATE '{START}', timestamp) // 7 AS week,
                               max((event = 'use_compare')::INT) AS used
                        FROM stitched GROUP BY 1, 2)
        SELECT week, avg(used) FROM weekly GROUP BY 1 ORDER BY 1""").fetchall()
    weeks, share = (np.array(column) for column in zip(*rows, strict=True))
    assert len(weeks) == 13
    assert abs(share[0] - P.ADOPTION_FIRST) < 0.02
    assert abs(share[-1] - P.ADOPTION_LAST) < 0.03
    slope, _ = np.polyfit(weeks, share, 1)
    assert abs(slope - (P.ADOPTION_LAST - P.ADOPTION_FIRST) / 12) < 0.004
    assert np.corrcoef(weeks, share)[0, 1] > 0.98


def test_decaying_cohort_churns_and_is_predictable(db: duckdb.DuckDBPyConnection) -> None:
    (share,) = one(
        db, "SELECT avg((segment = 'churning')::INT) FROM truth WHERE person_id NOT NULL"
    )
    assert abs(share - P.CHURN_SHARE) < 0.005
    after_churn = """SELECT * FROM stitched JOIN truth ON person = person_id
                     WHERE segment = 'churning' AND timestamp >= churn_date"""
    assert count(db, after_churn) == 0
    (latest,) = one(db, "SELECT max(churn_date) FROM truth")
    assert latest <= END - dt.timedelta(days=P.CHURN_QUIET_DAYS)
    cancels = db.sql("""SELECT DISTINCT segment, plan FROM stitched JOIN truth ON person = person_id
                        WHERE event = 'cancel_subscription'""").fetchall()
    assert set(cancels) == {("churning", "pro"), ("churning", "business")}
    # sessions in the 4 weeks before the cutoff against the 4 weeks before those
    four_weeks = dt.timedelta(weeks=4)
    features = db.sql(f"""
        WITH s AS (SELECT person, min(timestamp) AS t FROM stitched
                   WHERE person LIKE 'user-%' GROUP BY person, session_id),
        f AS (SELECT person,
                count(*) FILTER (WHERE t >= '{CUTOFF - four_weeks}' AND t < '{CUTOFF}') AS recent,
                count(*) FILTER (WHERE t >= '{CUTOFF - 2 * four_weeks}'
                                   AND t < '{CUTOFF - four_weeks}') AS before,
                count(*) FILTER (WHERE t >= '{CUTOFF}') AS after
              FROM s GROUP BY 1)
        SELECT recent, before, after = 0 AS quiet, segment = 'churning' AS churning
        FROM f JOIN truth ON person = person_id WHERE before > 0""").fetchnumpy()
    recent, before = features["recent"].astype(float), features["before"].astype(float)
    quiet, churning = features["quiet"].astype(bool), features["churning"].astype(bool)
    assert recent[churning].sum() < 0.5 * before[churning].sum()
    assert recent[~churning].sum() > 0.85 * before[~churning].sum()
    assert auc(-recent, churning) >= 0.8
    assert auc(-recent, quiet) >= 0.8


def test_experiment_lift(db: duckdb.DuckDBPyConnection) -> None:
    both = """SELECT person FROM stitched WHERE event = 'experiment_exposure'
              GROUP BY 1 HAVING count(DISTINCT variant) > 1"""
    assert count(db, both) == 0
    rows = db.sql("""
        WITH exposed AS (SELECT person, min(timestamp) AS since, any_value(variant) AS variant
                         FROM stitched WHERE event = 'experiment_exposure' GROUP BY 1),
        outcome AS (SELECT x.variant,
                           bool_or(s.event = 'purchase' AND s.timestamp >= x.since) AS buys
                    FROM exposed x JOIN stitched s USING (person) GROUP BY x.person, x.variant)
        SELECT variant, count(*), avg(buys::INT) FROM outcome GROUP BY 1""").fetchall()
    arms = {variant: (persons, rate) for variant, persons, rate in rows}
    (n_control, control), (n_treatment, treatment) = arms["control"], arms["treatment"]
    chi_square = (n_control - n_treatment) ** 2 / (n_control + n_treatment)
    assert chi_square < 10.83  # no sample ratio mismatch at p < 0.001
    assert abs(treatment / control - 1 - P.EXPERIMENT_LIFT) < 0.07


def test_survey_answers_are_worse_among_churning_persons(small: DemoData) -> None:
    con = connect(small)
    malformed = """SELECT * FROM feedback WHERE NOT (
        (kind = 'nps' AND score BETWEEN 0 AND 10 AND score = round(score))
        OR (kind = 'csat' AND score BETWEEN 1 AND 5)
        OR (kind = 'text' AND score IS NULL AND text IS NOT NULL))"""
    assert count(con, malformed) == 0
    assert count(con, "SELECT * FROM feedback ANTI JOIN persons USING (person_id)") == 0
    nps = dict(
        con.sql("""SELECT segment = 'churning', avg(score) FROM feedback
                   JOIN truth USING (person_id) WHERE kind = 'nps' GROUP BY 1""").fetchall()
    )
    assert abs(nps[True] - np.dot(P.NPS_CHURNING, range(11))) < 0.5
    assert abs(nps[False] - np.dot(P.NPS_OTHERS, range(11))) < 0.3
    negative = dict(
        con.sql(f"""SELECT segment = 'churning', avg(regexp_matches(text, '{NEGATIVE}')::INT)
                    FROM feedback JOIN truth USING (person_id) WHERE text IS NOT NULL
                    GROUP BY 1""").fetchall()
    )
    assert negative[True] > 0.6 and negative[False] < 0.25
    # seen from the events alone: persons without an event in the last three weeks answered worse
    by_quiet = dict(
        con.sql(f"""
        WITH last AS (SELECT person, max(timestamp) AS seen FROM stitched GROUP BY 1)
        SELECT seen < '{CUTOFF}', avg(score) FROM feedback JOIN last ON person = person_id
        WHERE kind = 'nps' GROUP BY 1""").fetchall()
    )
    assert by_quiet[True] < by_quiet[False] - 1.5


def test_high_intent_buyers(db: duckdb.DuckDBPyConnection) -> None:
    (share,) = one(db, "SELECT avg((segment = 'high_intent')::INT) FROM truth")
    assert abs(share - P.HIGH_INTENT_SHARE) < 0.01
    carts, buyers, precision, recall = one(
        db,
        """
        WITH per AS (SELECT person, count(*) FILTER (WHERE event = 'add_to_cart') AS carts,
                            count(*) FILTER (WHERE event = 'view_item') AS views,
                            bool_or(event = 'purchase') AS bought FROM stitched GROUP BY 1),
        labelled AS (SELECT per.*, coalesce(t.segment, a.segment) = 'high_intent' AS high,
                            carts >= 3 AND carts >= 0.15 * views AS flagged
                     FROM per LEFT JOIN truth t ON t.person_id = per.person
                     LEFT JOIN truth a ON a.anonymous_id = per.person)
        SELECT avg(carts) FILTER (WHERE high) / avg(carts), avg(bought::INT) FILTER (WHERE high),
               avg(high::INT) FILTER (WHERE flagged), avg(flagged::INT) FILTER (WHERE high)
        FROM labelled""",
    )
    assert 6 < carts < 11
    assert abs(buyers - 0.42) < 0.05
    assert precision > 0.8 and recall > 0.55


def test_docs_quote_the_planted_parameters() -> None:
    """docs/demo-data.md shows the same numbers the generator uses."""
    docs = (Path(__file__).parents[2] / "docs" / "demo-data.md").read_text(encoding="utf-8")
    rows = [f"| {c} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} |" for c, r in P.FUNNEL_RATES.items()]
    rows += [f"| {d} | {f[0]:.2f} | {f[1]:.2f} | {f[2]:.2f} |" for d, f in P.DEVICE_FACTOR.items()]
    for channel in P.CHANNELS:
        rates = ", ".join(f"{x:.3f}" for x in P.expected_funnel(channel=channel))
        rows.append(f"| {channel} | {rates} |")
    names = (
        "ADOPTION_FIRST", "ADOPTION_LAST", "CHURN_SHARE", "CHURN_DECAY_DAYS", "CHURN_EARLIEST",
        "CHURN_QUIET_DAYS", "CANCEL_SHARE", "NATURAL_LIFETIME_DAYS", "PLAN_SHARE_CHURNING",
        "EXPERIMENT_LIFT", "NPS_CHURNING", "NPS_OTHERS", "CSAT_CHURNING", "CSAT_OTHERS",
        "SENTIMENT_CHURNING", "SENTIMENT_OTHERS", "HIGH_INTENT_SHARE", "HIGH_INTENT_RATES",
        "PRODUCT_VIEWS", "DEEPER_VIEWS", "EXTRA_CART_RATE", "REPEAT_PURCHASE_RATE",
    )  # fmt: skip
    rows += [f"| `{name}` | {getattr(P, name)!r} |" for name in names]
    missing = [row for row in rows if row not in docs]
    assert not missing
