#!/usr/bin/env python3
"""One run of a peer on the simple query, in its own process (run by compare.py).

    python benches/peer_query.py duckdb FILE
    python benches/peer_query.py polars FILE
    python benches/peer_query.py reference FILE    # plain Python csv, to check the peers

The simple query, the peers' whole workload:

    SELECT Site, count(*), sum(<integer prefix of "Duration (mins)">)
    FROM the file GROUP BY Site

The integer prefix is the leading run of ASCII digits of the duration text
("45 min" -> 45, "1:30" -> 1, "01:15:00" -> 1, "1.5 h" -> 1); a duration with
none (blank, " 45", "h") is null, and nulls are left out of the sum. Sites are
grouped as written (no trimming or case folding), blank site included.

Prints one JSON line: the engine, its version, the seconds the query took
inside this process (after the import, so without interpreter start-up and
import: `query_s`), and what it computed: rows (sum of the counts), groups,
total (sum of the sums). compare.py times the whole process separately.
"""

import json
import sys
import time

DURATION = "Duration (mins)"


def run_duckdb(path):
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    # The file has a header, a UTF-8 BOM, CRLF records and quoted notes with
    # line breaks and doubled quotes: DuckDB's sniffer finds all of that;
    # header, delimiter and quoting are stated anyway so a sniff can't go
    # wrong. Columns are read as text (the query casts what it needs).
    rows = con.execute(
        """
        SELECT "Site", count(*) AS n,
               sum(TRY_CAST(regexp_extract("Duration (mins)", '^[0-9]+') AS BIGINT)) AS minutes
        FROM read_csv(?, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)
        GROUP BY 1
        """,
        [path],
    ).fetchall()
    elapsed = time.perf_counter() - start
    return duckdb.__version__, elapsed, [(site, n, minutes) for site, n, minutes in rows]


def run_polars(path):
    import polars as pl

    start = time.perf_counter()
    # Every column read as text (infer_schema=False): no type guessing on
    # messy columns; only Site and the duration are used (projection pushdown).
    prefix = pl.col(DURATION).str.extract(r"^([0-9]+)", 1).cast(pl.Int64)
    frame = (
        pl.scan_csv(path, infer_schema=False)
        .group_by("Site")
        .agg(
            pl.len().alias("n"),
            # As in SQL, a site none of whose durations has a prefix sums
            # to null (Polars' own sum of no values is 0).
            pl.when(prefix.count() > 0).then(prefix.sum()).alias("minutes"),
        )
        .collect()
    )
    elapsed = time.perf_counter() - start
    return pl.__version__, elapsed, list(frame.iter_rows())


def run_reference(path):
    import csv
    import re

    prefix = re.compile(r"[0-9]+")
    start = time.perf_counter()
    groups = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        site_at, duration_at = header.index("Site"), header.index(DURATION)
        for record in reader:
            site = record[site_at] if site_at < len(record) else ""
            duration = record[duration_at] if duration_at < len(record) else ""
            key = site if site != "" else None
            entry = groups.setdefault(key, [0, None])
            entry[0] += 1
            m = prefix.match(duration)
            if m:
                entry[1] = (entry[1] or 0) + int(m.group())
    elapsed = time.perf_counter() - start
    return sys.version.split()[0], elapsed, [(site, n, minutes) for site, (n, minutes) in groups.items()]


def main(argv):
    if len(argv) != 3 or argv[1] not in ("duckdb", "polars", "reference"):
        sys.exit(__doc__)
    engine, path = argv[1], argv[2]
    version, elapsed, rows = {"duckdb": run_duckdb, "polars": run_polars, "reference": run_reference}[engine](path)
    print(
        json.dumps(
            {
                "engine": engine,
                "version": version,
                "query_s": elapsed,
                "rows": sum(n for _, n, _ in rows),
                "groups": len(rows),
                "total": sum(m or 0 for _, _, m in rows),
                "per_site": sorted([["" if s is None else s, n, m] for s, n, m in rows]),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv)
