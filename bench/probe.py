"""Look inside the measured pages: status, SQL query count, time and the slowest queries.

    python bench/probe.py [--postgres] [--queries]

Runs in one process through Django's test Client (no server), on the database that
bench/generate.py filled, with the benchmark's settings. This is the tool to use when a
page is slow: a page whose query count grows with the data is the first suspect.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATASET_FILE, page_urls, setup_django, signed_in_client


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--queries", action="store_true", help="print every SQL query")
    parser.add_argument("--repeat", type=int, default=20, help="timed repetitions per page")
    args = parser.parse_args(argv)
    setup_django(postgres=args.postgres)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from essaim.accounts.models import User

    dataset = json.loads(DATASET_FILE.read_text())
    clients = {
        None: Client(HTTP_HOST="127.0.0.1"),
        "applicant": signed_in_client(User.objects.get(email=dataset["applicant_email"])),
        "staff": signed_in_client(User.objects.get(email=dataset["staff_email"])),
    }
    for name, (who, path) in page_urls(dataset).items():
        client = clients[who]
        client.get(path)  # warm caches (templates, translations)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        queries = list(ctx.captured_queries)  # read before the next request resets the log
        started = time.perf_counter()
        for _ in range(args.repeat):
            client.get(path)
        ms = (time.perf_counter() - started) * 1000 / args.repeat
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"{name:22} {response.status_code} {len(response.content):>7} B "
            f"{len(queries):>3} queries {ms:7.1f} ms/request "
            f"(SQL {sql_ms:.1f} ms)  {path}"
        )
        if args.queries:
            for q in sorted(queries, key=lambda q: -float(q["time"])):
                print(f"      {float(q['time']) * 1000:7.2f} ms  {q['sql'][:300]}")


if __name__ == "__main__":
    main()
