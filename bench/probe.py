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

from common import DATASET_FILE, setup_django


def page_urls(dataset: dict) -> dict[str, tuple[str, str]]:
    """{page name: (who, path)} of the measured pages, reversed by name."""
    from django.urls import reverse

    call_id = dataset["call_id"]
    staff_list = reverse("backoffice:call_applications", args=[call_id])
    return {
        "hello": ("anonymous", "/bench-hello/"),
        "call page": (
            "anonymous",
            reverse(
                "public:call_detail",
                kwargs={"fund_slug": dataset["fund_slug"], "call_slug": dataset["call_slug"]},
            ),
        ),
        "mes dossiers": ("applicant", reverse("portal:my_applications")),
        "staff list": ("staff", staff_list),
        "staff list, filtered": ("staff", staff_list + FILTER),
    }


# the filtered page: submitted dossiers of communes, about a fifth of the call
FILTER = "?etat=submitted&type=commune"


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
    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    for who, email in (
        ("applicant", dataset["applicant_email"]),
        ("staff", dataset["staff_email"]),
    ):
        clients[who] = Client(HTTP_HOST="127.0.0.1")
        clients[who].force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
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
