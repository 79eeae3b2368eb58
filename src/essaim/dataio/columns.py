"""Column definitions as data: a key, a French label, a theme (the form's group), how to
read the value from a row object, its kind (so that each format writes dates as dates and
amounts as numbers), and whether it is ticked by default."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TEXT = "text", _("texte")
    INTEGER = "integer", _("nombre entier")
    AMOUNT = "amount", _("montant")
    DATE = "date", _("date")
    DATETIME = "datetime", _("date et heure")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a lazy French string
    group: Any
    accessor: Callable[[Any], Any]
    kind: str = Kind.TEXT
    default: bool = False
    # the dossiers import reads this column back (False: shown in exports only)
    importable: bool = True

    def value(self, obj):
        return self.accessor(obj)


def attr(path: str) -> Callable[[Any], Any]:
    """An accessor following `a.b.c`, None as soon as a link is empty."""
    parts = path.split(".")

    def read(obj):
        for part in parts:
            if obj is None:
                return None
            obj = getattr(obj, part)
        return obj

    return read


def label_of(choices, path: str) -> Callable[[Any], Any]:
    """An accessor giving the label of a coded value, from a dict built once (the
    `get_FOO_display()` of each row rebuilds its dict: too slow for 100,000 rows). The
    labels are translated at the first row, in the language active for the job: datasets
    build their columns afresh for each export."""
    read = attr(path)
    cache: dict[str, str] = {}

    def label(obj):
        code = read(obj)
        if not code:
            return ""
        if not cache:
            cache.update({key: str(value) for key, value in choices})
        return cache.get(code, code)

    return label
