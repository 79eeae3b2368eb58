"""What the suggested fixes would save, measured without touching the project's code.

    python bench/whatif.py [--postgres] [--repeat 30]

Calls the WSGI application in this process (no server, no network: CPU time of Django alone)
for each measured page and the 10,000-row CSV export, first as the code stands, then with
each suggested fix added on top of the previous ones, applied here by monkeypatching:

1. a persistent database connection (CONN_MAX_AGE), instead of opening SQLite, reading its
   schema and running the four PRAGMAs on every request;
2. choice labels looked up in a dict built once per language, instead of Django's
   `get_FOO_display()`, which rebuilds and hashes the whole choices list (lazy
   translations included) on every call: 75 calls per staff page, 40,000 per export;
3. `<select>` options rendered in Python, instead of one template (plus one for the
   attributes) per option: the staff filters have about 135 options, 101 of them
   départements;
4. and 5. (PostgreSQL) see patch_postgres_queries.

The numbers are milliseconds per request, best of three rounds, on whatever else the
machine is doing: compare them within one run.
"""

import argparse
import io
import json
import sys
import time
from functools import partialmethod
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATASET_FILE, setup_django, signed_in_client

_labels: dict = {}


def _cached_display(self, field):
    from django.utils import translation

    key = (field, translation.get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {value: str(label) for value, label in field.flatchoices}
    value = getattr(self, field.attname)
    return labels.get(value, "" if value is None else str(value))


def patch_choice_labels():
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.fields:
            if field.choices:
                setattr(
                    model, f"get_{field.name}_display", partialmethod(_cached_display, field=field)
                )


def patch_select():
    from django.forms import widgets
    from django.forms.utils import flatatt
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    original = widgets.Select.render

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return original(self, name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                o["value"],
                mark_safe(" selected") if o["selected"] else "",
                o["label"],
            )
            for _group, group_options, _index in widget["optgroups"]
            for o in group_options
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe(options),
        )

    widgets.Select.render = render


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    setup_django(postgres=args.postgres)

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.urls import reverse

    from essaim.accounts.models import User

    dataset = json.loads(DATASET_FILE.read_text())
    app = WSGIHandler()

    def cookie(email):
        """The session cookie of a signed-in person (staff past the second factor)."""
        client = signed_in_client(User.objects.get(email=email))
        name = settings.SESSION_COOKIE_NAME
        return f"{name}={client.cookies[name].value}"

    def get(path, cookie_header):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8200",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        if cookie_header:
            environ["HTTP_COOKIE"] = cookie_header
        status = []
        body = app(environ, lambda s, h: status.append(s))
        size = sum(len(chunk) for chunk in body)
        body.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{path} answered {status[0]}")
        return size

    staff, applicant = cookie(dataset["staff_email"]), cookie(dataset["applicant_email"])
    staff_list = reverse("backoffice:call_applications", args=[dataset["call_id"]])
    pages = [
        (
            "call page",
            reverse(
                "public:call_detail",
                kwargs={"fund_slug": dataset["fund_slug"], "call_slug": dataset["call_slug"]},
            ),
            None,
        ),
        ("mes dossiers", reverse("portal:my_applications"), applicant),
        ("staff list", staff_list, staff),
        ("staff filtered", staff_list + "?etat=submitted&type=commune", staff),
    ]
    export = reverse("backoffice:call_applications_export", args=[dataset["call_id"]])

    def measure(label, export_too=True):
        cells = []
        for name, path, cookie_header in pages:
            for _ in range(3):
                get(path, cookie_header)
            rounds = []
            for _ in range(3):
                started = time.perf_counter()
                for _ in range(max(1, args.repeat // 3)):
                    get(path, cookie_header)
                rounds.append((time.perf_counter() - started) * 1000 / max(1, args.repeat // 3))
            cells.append(f"{name} {min(rounds):5.1f}")
        if export_too:
            started = time.perf_counter()
            get(export, staff)
            cells.append(f"export {dataset['n']:,} {time.perf_counter() - started:5.2f} s")
        print(f"{label:34} " + " | ".join(cells), flush=True)

    print(f"ms per request, in-process, {connection.vendor}")
    measure("as the code stands")
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    measure("+ persistent DB connection")
    patch_choice_labels()
    measure("+ cached choice labels")
    patch_select()
    measure("+ <select> rendered in Python", export_too=False)
    if connection.vendor == "postgresql":
        patch_postgres_queries(connection)
        try:
            measure("+ PG: COUNT(*), NULLS LAST index", export_too=False)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX IF EXISTS bench_whatif_nulls_last")


def patch_postgres_queries(connection):
    """4. state counts with COUNT(*) (an index-only scan of (call, state, …)) instead of
    COUNT("id") (a heap visit per dossier); 5. an index whose order matches the list's
    `submitted_at DESC NULLS LAST, id DESC` (PostgreSQL's DESC index puts NULLs first, so
    (call, -submitted_at, -id) is not used and 10,000 rows are sorted for each page)."""
    from collections import defaultdict

    from django.db.models import Count

    from essaim.applications import selectors
    from essaim.applications.models import Application

    def state_counts_by_call(call_ids):
        counts = defaultdict(dict)
        rows = (
            Application.objects.filter(call_id__in=list(call_ids))
            .order_by()
            .values_list("call_id", "state")
            .annotate(n=Count("*"))
        )
        for call_id, state, n in rows:
            counts[call_id][state] = n
        return counts

    selectors.state_counts_by_call = state_counts_by_call
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_whatif_nulls_last ON applications_application "
            "(call_id, submitted_at DESC NULLS LAST, id DESC)"
        )
        cursor.execute("ANALYZE applications_application")


if __name__ == "__main__":
    main()
