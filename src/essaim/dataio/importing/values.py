"""Reading one raw cell (a string from a CSV, a typed value from a workbook) as the value a
column expects. Each reader returns the value or raises CellError with a French message."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from essaim.territory.names import fold

from ..writers import FORMULA_STARTS

PARIS = ZoneInfo("Europe/Paris")
DATETIME_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
)
_AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f€]|EUR", re.IGNORECASE)


class CellError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def present(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: numbers without a spurious ".0", the apostrophe that an export puts
    before a formula-like text removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    value = str(value).strip()
    if value.startswith("'") and value[1:2] in FORMULA_STARTS and value[1:2]:
        value = value[1:]
    return value


def code(value, *, width: int) -> str:
    """A numeric code (SIREN, INSEE) that a spreadsheet may have turned into a number and
    stripped of its leading zeros."""
    value = text(value).replace(" ", "").replace("\u00a0", "")
    if value.isdigit() and len(value) < width:
        value = value.zfill(width)
    return value


def when(value) -> dt.datetime:
    """A date or a date and time (Europe/Paris when no zone is given), to the second."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, int | float):
        raise CellError(
            _("Date illisible : la cellule contient un nombre, pas une date (jj/mm/aaaa)."),
            "bad_date",
        )
    else:
        raw = text(value)
        for pattern in DATETIME_FORMATS:
            try:
                moment = dt.datetime.strptime(raw, pattern)
                break
            except ValueError:
                continue
        else:
            try:
                moment = dt.datetime.fromisoformat(raw)
            except ValueError:
                raise CellError(
                    _("Date illisible : écrivez-la jj/mm/aaaa, éventuellement suivie de hh:mm."),
                    "bad_date",
                ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    # a workbook stores times as fractions of a day: round to the second
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + dt.timedelta(
            seconds=1 if moment.microsecond >= 500_000 else 0
        )
    return moment


def day(value) -> dt.date:
    moment = when(value)
    return moment.astimezone(PARIS).date()


def amount(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(
            _("Montant illisible : indiquez un nombre, par exemple 50 000,00."), "bad_amount"
        )
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        raw = _AMOUNT_NOISE.sub("", text(value))
        if "," in raw and "." in raw:
            raw = raw.replace(".", "")  # 1.234,50: dots group thousands
        raw = raw.replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise CellError(
                _("Montant illisible : indiquez un nombre, par exemple 50 000,00."), "bad_amount"
            ) from None
    if not number.is_finite():
        raise CellError(
            _("Montant illisible : indiquez un nombre, par exemple 50 000,00."), "bad_amount"
        )
    if number < 0:
        raise CellError(_("Un montant ne peut pas être négatif."), "negative_amount")
    if number >= Decimal("1e10"):
        raise CellError(
            _("Ce montant est trop grand (10 milliards d'euros ou plus)."), "bad_amount"
        )
    return number.quantize(Decimal("0.01"))


def integer(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).replace(" ", "")
    if not raw.isdigit():
        raise CellError(_("Nombre entier attendu, par exemple 2024."), "bad_number")
    return int(raw)


def choice_map(choices) -> dict[str, str]:
    """{folded label or code: code} for a TextChoices' choices (labels in the active language)."""
    mapping = {}
    for key, label in choices:
        mapping[fold(str(label))] = key
        mapping[fold(key)] = key
    return mapping
