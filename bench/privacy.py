"""`python -m bench.privacy [--events 1M] [--runs 3]`: what privacy costs, against the same work
without it, in the same run.

Imports (median of `--runs`, each into a new database file): the bench's events file with and
without the built-in IP rules; the same events with an IP column and an e-mail column, as they
are, with the e-mail masked, and with countries from a GeoIP file; and PostHog-export-like rows
whose JSON properties carry `$ip` and `$set.email`. A synthetic GeoIP file of DB-IP's size
(300,000 IPv4 and 300,000 IPv6 ranges) is written for the run. Capture: microseconds per event
of `protect` beside those of parsing the same PostHog batch. Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import ipaddress
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import whylens
from bench import data
from bench.measure import timed
from whylens.ingest.capture import posthog
from whylens.ingest.capture.protect import protect
from whylens.ingest.capture.records import timestamp_us
from whylens.ingest.geoip import GeoIP
from whylens.ingest.importer import ImportOptions, import_paths
from whylens.ingest.privacy import Policy

RANGES = 300_000  # per family; DB-IP's country file has about this many of each
ADDRESSES = 50_000  # distinct client addresses among the events


def geoip_file(folder: Path, rng: np.random.Generator) -> Path:
    """Consecutive ranges covering IPv4 and a part of IPv6, of random sizes and countries."""
    codes = np.array([a + b for a in "ABCDEFGHIJ" for b in "KLMNOPQRST"])
    v4 = np.sort(rng.choice(2**32 - 1, RANGES - 1, replace=False) + 1)
    starts4 = np.concatenate([[0], v4])
    ends4 = np.concatenate([v4 - 1, [2**32 - 1]])
    base6 = int(ipaddress.IPv6Address("2000::"))
    v6 = np.sort(rng.choice(2**44, RANGES, replace=False).astype(np.uint64))
    lines = [f"{ipaddress.IPv4Address(int(s))},{ipaddress.IPv4Address(int(e))},{c}"
             for s, e, c in zip(starts4, ends4, rng.choice(codes, RANGES))]  # fmt: skip
    for i, c in enumerate(rng.choice(codes, RANGES)):
        start = base6 + (int(v6[i]) << 80)
        end = base6 + (int(v6[i + 1]) << 80) - 1 if i + 1 < RANGES else start + (1 << 80) - 1
        lines.append(f"{ipaddress.IPv6Address(start)},{ipaddress.IPv6Address(end)},{c}")
    path = folder / "countries.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def inputs(folder: Path, events: int, rng: np.random.Generator) -> dict[str, Path]:
    """The bench's events, the same with `ip` and `email` columns, and a PostHog-like export."""
    dataset = data.locate(events)
    if not dataset.exists:
        data.write(dataset)
    table = pq.read_table(dataset.parquet)
    pool = [str(ipaddress.IPv4Address(int(x))) for x in rng.integers(0, 2**32, ADDRESSES // 2)]
    pool += [str(ipaddress.IPv6Address(int(ipaddress.IPv6Address("2000::")) + (int(x) << 80)))
             for x in rng.integers(0, 2**44, ADDRESSES // 2)]  # fmt: skip
    ips = pa.array(np.array(pool)[rng.integers(0, len(pool), table.num_rows)])
    emails = pc.binary_join_element_wise(table.column("user_id"), "@example.com", "")
    with_columns = table.append_column("ip", ips).append_column("email", emails)
    properties = [
        orjson.dumps({"$ip": ip, "price": price, "$set": {"email": email}}).decode()
        for ip, price, email in zip(
            ips.to_pylist(), table.column("price").to_pylist(), emails.to_pylist()
        )
    ]
    export = table.drop_columns(["price"]).append_column("properties", pa.array(properties))
    paths = {"events": dataset.parquet, "columns": folder / "columns.parquet"}
    pq.write_table(with_columns, paths["columns"])
    paths["export"] = folder / "export.parquet"
    pq.write_table(export, paths["export"])
    return paths


def import_seconds(folder: Path, path: Path, runs: int, **options: object) -> float:
    counter = iter(range(1_000))

    def once() -> None:
        with whylens.open(folder / f"db-{next(counter)}-{time.monotonic_ns()}.duckdb") as ws:
            import_paths(ws.engine, [str(path)], ImportOptions(**options))

    return timed(once, runs)[0].median


def capture_microseconds(geoip: GeoIP, rng: np.random.Generator) -> dict[str, float]:
    """Per event: parsing a PostHog batch, and `protect` with the built-in rules, with a mask
    rule and with a GeoIP lookup."""
    batch = [
        {"event": "$pageview", "distinct_id": f"d{i}", "uuid": f"u{i}",
         "properties": {"$ip": str(ipaddress.IPv4Address(int(rng.integers(0, 2**32)))),
                        "$current_url": "https://shop.example/p/1?utm_source=x",
                        "$referrer": "https://news.example/", "$session_id": f"s{i % 50}",
                        "$raw_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
                        "$screen_width": 1920, "$screen_height": 1080, "$lib": "web",
                        "title": "Product", "email": f"p{i}@example.com", "plan": "pro",
                        "$set": {"email": f"p{i}@example.com"}}}
        for i in range(100)
    ]  # fmt: skip
    now, repeat = timestamp_us("2024-05-01T12:00:00Z"), 200
    policies = {"built-in IP rules": (Policy(), None),
                "+ mask email": (Policy(mask=["email"], secret=bytes(32)), None),
                "+ mask email + GeoIP": (Policy(mask=["email"], secret=bytes(32)), geoip)}  # fmt: skip
    start = time.perf_counter()
    parsed = [posthog.parse({"batch": batch}, now, 32 * 1024) for _ in range(repeat)]
    result = {"parse (baseline)": (time.perf_counter() - start) / (repeat * 100) * 1e6}
    for name, (policy, ranges) in policies.items():
        fresh = [posthog.parse({"batch": batch}, now, 32 * 1024) for _ in range(repeat)]
        start = time.perf_counter()
        for p in fresh:
            protect(p, policy, ranges, "198.51.100.7")
        result[name] = (time.perf_counter() - start) / (repeat * 100) * 1e6
    del parsed
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1M")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    events = int(float(args.events.rstrip("MmKk")) * (1_000_000 if args.events[-1] in "Mm"
                                                      else 1_000 if args.events[-1] in "Kk" else 1))  # fmt: skip
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(prefix="whylens-bench-privacy-") as tmp:
        folder = Path(tmp)
        countries = geoip_file(folder, rng)
        start = time.perf_counter()
        geoip = GeoIP.load(countries)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        geoip.for_lookups()
        unpacked = time.perf_counter() - start
        tracemalloc.start()  # apart: tracing slows the allocations it counts
        GeoIP(countries, geoip.ranges).for_lookups()
        memory = tracemalloc.get_traced_memory()[1] + geoip.ranges.nbytes
        tracemalloc.stop()
        paths = inputs(folder, events, rng)
        run = args.runs
        print(f"# Privacy costs, {data.label(events)} events, median of {run} runs\n")
        print(f"GeoIP file: {2 * RANGES:,} ranges; load {loaded:.2f} s, {len(geoip):,} ranges"
              f" after merging; ready for lookups {unpacked:.2f} s more; {memory / 1e6:.0f} MB"
              " in memory\n")  # fmt: skip
        print("| import | without privacy | with | ratio |\n|---|---:|---:|---:|")
        cases = [
            ("events (no IP, flat columns): built-in IP rules", "events", {}),
            ("+ ip and email columns: IP dropped, email masked", "columns",
             {"mask_properties": ("email",)}),
            ("+ ip and email columns: the same + GeoIP country", "columns",
             {"mask_properties": ("email",), "geoip": str(countries)}),
            ("PostHog-like JSON properties with $ip, $set.email: IP rules", "export", {}),
            ("PostHog-like JSON properties: + email masked + GeoIP", "export",
             {"mask_properties": ("email",), "geoip": str(countries)}),
        ]  # fmt: skip
        baselines: dict[str, float] = {}
        for name, source, options in cases:
            if source not in baselines:
                baselines[source] = import_seconds(folder, paths[source], run, apply_privacy=False)
            seconds = import_seconds(folder, paths[source], run, **options)
            base = baselines[source]
            print(f"| {name} | {base:.2f} s | {seconds:.2f} s | {seconds / base:.2f}x |")
        print("\n| capture, per event | µs | vs parsing |\n|---|---:|---:|")
        timings = capture_microseconds(geoip, rng)
        for name, micro in timings.items():
            print(f"| {name} | {micro:.1f} | {micro / timings['parse (baseline)']:.2f}x |")


if __name__ == "__main__":
    main()
