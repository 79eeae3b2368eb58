"""A problem found in an imported sheet: where (row, column), what was there, and what to do,
in French. Errors block the import; warnings are shown and the import may go on."""

from dataclasses import asdict, dataclass

from ..enums import Severity

MAX_VALUE = 80


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    row: int | None = None  # the sheet's own row number (the header is row 1)
    column: str = ""
    value: str = ""
    severity: str = Severity.ERROR

    def as_dict(self) -> dict:
        data = asdict(self)
        data["value"] = shown(self.value)
        return data

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
