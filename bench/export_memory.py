"""Peak memory of one CSV export, measured in a fresh process.

    python bench/export_memory.py --call-id 1 [--postgres]

Runs the staff export view through Django's test Client (the same view, middleware and
streaming response as under the server), consumes the stream chunk by chunk as a client
would, and prints one JSON line: rows, bytes, seconds, the peak of Python allocations seen
by tracemalloc while the export ran, and the process's peak RSS (ru_maxrss) before and after.
A fresh process per size makes the numbers comparable: memory that stays flat from 1,000
to 10,000 dossiers shows the export streams.
"""

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATASET_FILE, setup_django, signed_in_client


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--call-id", type=int, required=True)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    setup_django(postgres=args.postgres)

    from django.urls import reverse

    from essaim.accounts.models import User

    dataset = json.loads(DATASET_FILE.read_text())
    client = signed_in_client(User.objects.get(email=dataset["staff_email"]))
    url = reverse("backoffice:call_applications_export", args=[args.call_id])
    # warm up imports, templates and translations on a tiny page of the same views
    client.get(reverse("backoffice:call_applications", args=[args.call_id]))

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = rows = 0
    marks = []  # (rows so far, current KiB, peak KiB) every 1,000 rows: flat means streaming
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\r\n")
        if rows % 1000 == 1:  # header + a multiple of 1,000 rows
            current, peak = tracemalloc.get_traced_memory()
            marks.append((rows - 1, round(current / 1024), round(peak / 1024)))
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "call_id": args.call_id,
                "rows": rows - 1,  # without the header
                "bytes": size,
                "seconds_with_tracemalloc": round(seconds, 2),
                "tracemalloc_peak_kib": round(peak / 1024),
                "maxrss_before_kib": rss_before,
                "maxrss_after_kib": rss_after,
                "tracemalloc_every_1000_rows": marks,
            }
        )
    )


if __name__ == "__main__":
    main()
