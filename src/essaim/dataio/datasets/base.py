"""What every exportable dataset declares: its columns (data, see dataio.columns), the rows
of a call, and the annotations and long fields that only some columns need — so that an
export of five columns does not compute or load the other twenty."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from essaim.funds.models import Call

from ..columns import Column


@dataclass(frozen=True)
class DatasetSpec:
    key: str
    label: Any
    # label of each theme of columns, in the form's order
    groups: tuple
    # the columns, given the call (the reviews' columns depend on its criteria)
    columns_for: Callable[[Call], list[Column]]
    # the base rows of a call, ordered, with the joins every row needs
    base_rows: Callable[[Call, dict], QuerySet]
    # annotation name -> expression factory, added when a chosen column needs it
    annotations: dict[str, Callable[[], Any]] = field(default_factory=dict)
    # column key -> the annotations it needs
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # column key -> model field loaded only when the column is chosen (long texts)
    heavy_fields: dict[str, str] = field(default_factory=dict)
    # the fields every row loads (`only()`), the heavy ones added when chosen; None: all
    fields: tuple[str, ...] | None = None
    # prefetches, added when a chosen column needs them: column key prefix -> lookups
    prefetch: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def default_keys(self, call: Call) -> list[str]:
        return [column.key for column in self.columns_for(call) if column.default]

    def chosen(self, call: Call, keys: list[str]) -> list[Column]:
        """The chosen columns in the definition's order (the order of the form)."""
        wanted = set(keys)
        return [column for column in self.columns_for(call) if column.key in wanted]

    def rows(self, call: Call, columns: list[Column], filters: dict) -> QuerySet:
        keys = {column.key for column in columns}
        queryset = self.base_rows(call, filters)
        names = {name for key in keys for name in self.needs.get(key, ())}
        if names:
            queryset = queryset.annotate(
                **{name: self.annotations[name]() for name in sorted(names)}
            )
        if self.fields is not None:
            chosen = [name for key, name in self.heavy_fields.items() if key in keys]
            queryset = queryset.only(*self.fields, *chosen)
        else:
            deferred = [name for key, name in self.heavy_fields.items() if key not in keys]
            if deferred:
                queryset = queryset.defer(*deferred)
        lookups = [
            lookup
            for prefix, lookups in self.prefetch.items()
            if any(key.startswith(prefix) for key in keys)
            for lookup in lookups
        ]
        if lookups:
            queryset = queryset.prefetch_related(*lookups)
        return queryset
