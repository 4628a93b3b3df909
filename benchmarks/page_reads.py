"""What a key page reads, in counts the machine's speed does not move: each query's rows and PostgreSQL buffers
(``EXPLAIN (ANALYZE, BUFFERS)``), and the Python function calls of one read.

A page's growth from scale 0.1 to 1.0 is a ratio of two timings, and the benchmark machine is shared: its speed
varies ±50% within the hour, so one pair of timings can show 2× where there is none. Run this on both scales and
compare: a query that reads in proportion to the network shows as buffers that grow while its rows do not; a page
that merely shows more rows at the larger scale (the typical Work Group the benchmark picks is larger) shows rows,
buffers and function calls growing together, by the rows' ratio. On a seeded database, with the people
``benchmarks.pages`` picks:

    DATABASE_URL=postgres://…/x_1_0 python -m benchmarks.page_reads --only register,manage,my_cpd

Leaves the database as it found it: the run (the benchmark's token, reader and sessions) is rolled back.
"""

import argparse
import cProfile
import json
import pstats
import sys

from django.db import connection, transaction
from django.test.utils import setup_test_environment
from django.utils import timezone

from benchmarks.pages import cast, pages, read  # sets Django up with the benchmark's settings

READS = ("SELECT", "(SELECT", "WITH")  # EXPLAIN ANALYZE runs the statement: never a write


class _Rollback(Exception):
    pass


def page_reads(client, url: str) -> dict:
    """One page's queries (as read after a warm-up), each explained, and the function calls of a read."""
    read(client, url)
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        read(client, url)
    profile = cProfile.Profile()
    profile.runcall(read, client, url)
    queries = []
    for sql, params in statements:
        if not sql.lstrip().upper().startswith(READS):
            queries.append({"sql": sql[:100], "explained": False})
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
        top = plan["Plan"]
        queries.append(
            {
                "sql": sql[:100],
                "explained": True,
                "rows": top["Actual Rows"] * top["Actual Loops"],
                "buffers": top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0),
                "execution_ms": plan["Execution Time"],
                "planning_ms": plan["Planning Time"],
            }
        )
    explained = [query for query in queries if query["explained"]]
    return {
        "url": url,
        "function_calls": pstats.Stats(profile).total_calls,
        "rows": sum(query["rows"] for query in explained),
        "buffers": sum(query["buffers"] for query in explained),
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", required=True, help="comma-separated page keys (benchmarks.pages pages())")
    parser.add_argument("--out", help="also write the figures to this JSON file")
    args = parser.parse_args()
    setup_test_environment()
    only = {key for key in args.only.split(",") if key}
    results = {}
    try:
        with transaction.atomic():
            for key, _label, client, url, _options in pages(cast(timezone.now())):
                if key not in only:
                    continue
                figures = results[key] = page_reads(client, url)
                print(
                    f"{key}: {figures['function_calls']} function calls, {len(figures['queries'])} queries, "
                    f"{figures['rows']} rows, {figures['buffers']} buffers",
                    flush=True,
                )
                for query in figures["queries"]:
                    if query["explained"]:
                        print(
                            f"  {query['rows']:>6} rows {query['buffers']:>6} buffers {query['execution_ms']:>7.3f} ms"
                            f" (planning {query['planning_ms']:.3f})  {query['sql'][:70]}"
                        )
                    else:
                        print(f"  (not explained: not a read)  {query['sql'][:70]}")
            raise _Rollback
    except _Rollback:
        pass
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    sys.exit(main())
