"""The field rules of the SCDL « subventions » schema, version 2.1.1 (schema.data.gouv.fr,
scdl/subventions), written out as code so that a test can check our file without the
network: names and order of the columns, required values, types, patterns, enumerations,
lengths, bounds, the one-of-required custom check (idBeneficiaire or rnaBeneficiaire) and
validata's french-siret-value check (a SIRET's Luhn checksum)."""

import csv
import datetime as dt
import io
import re

COLUMNS = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
    "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
    "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention",
    "dispositifAide",
]  # fmt: skip

REQUIRED = {
    "nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "objet", "montant",
    "nature", "conditionsVersement", "datesPeriodeVersement", "notificationUE",
    "pourcentageSubvention",
}  # fmt: skip

PATTERNS = {
    "idAttribuant": r"^\d{14}$",
    "idBeneficiaire": r"^\d{14}$",
    "rnaBeneficiaire": r"^W\d{9}$",
    "datesPeriodeVersement": r"^[0-9]{4}\-[0-9]{2}\-[0-9]{2}(\/[0-9]{4}\-[0-9]{2}\-[0-9]{2})?$",
}
NATURES = {
    "aide en numéraire",
    "aide en nature",
    "aide en numéraire;aide en nature",
    "aide en nature;aide en numéraire",
}
MAX_LENGTHS = {"objet": 256, "conditionsVersement": 256, "idRAE": 5}
# frictionless "number": optional sign, digits, a point as decimal separator
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
BOOLEAN = {"oui": True, "non": False}


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def row_errors(row: dict[str, str]) -> list[str]:
    errors = []
    for name in COLUMNS:
        value = row.get(name, "")
        if value == "":
            if name in REQUIRED:
                errors.append(f"{name}: valeur obligatoire")
            continue
        pattern = PATTERNS.get(name)
        if pattern and not re.fullmatch(pattern, value):
            errors.append(f"{name}: motif {pattern}")
        if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            errors.append(f"{name}: plus de {MAX_LENGTHS[name]} caractères")
    if row.get("dateConvention") and not _date(row["dateConvention"]):
        errors.append("dateConvention: date AAAA-MM-JJ")
    for name in ("montant", "pourcentageSubvention"):
        if row.get(name) and not NUMBER.fullmatch(row[name]):
            errors.append(f"{name}: nombre réel")
    share = row.get("pourcentageSubvention", "")
    if share and NUMBER.fullmatch(share) and not 0.01 <= float(share) <= 1:
        errors.append("pourcentageSubvention: entre 0.01 et 1")
    if row.get("nature") and row["nature"] not in NATURES:
        errors.append("nature: valeur non autorisée")
    if row.get("notificationUE") and row["notificationUE"] not in BOOLEAN:
        errors.append("notificationUE: oui ou non")
    period = row.get("datesPeriodeVersement", "")
    if (
        period
        and re.fullmatch(PATTERNS["datesPeriodeVersement"], period)
        and not all(_date(part) for part in period.split("/"))
    ):
        errors.append("datesPeriodeVersement: date invalide")
    # custom check one-of-required
    if not row.get("idBeneficiaire") and not row.get("rnaBeneficiaire"):
        errors.append("idBeneficiaire ou rnaBeneficiaire obligatoire")
    # custom check french-siret-value
    for name in ("idAttribuant", "idBeneficiaire"):
        value = row.get(name, "")
        if re.fullmatch(r"\d{14}", value) and not luhn_ok(value):
            errors.append(f"{name}: SIRET invalide (clé de contrôle)")
    return errors


def file_errors(text: str) -> list[str]:
    """Every error of a CSV file: header first, then each row (numbered from 2)."""
    if text.startswith("\ufeff"):
        return ["fichier : marque d'ordre des octets (BOM) inattendue"]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header != COLUMNS:
        return [f"en-tête : {header} au lieu de {COLUMNS}"]
    errors = []
    for line, values in enumerate(reader, start=2):
        if len(values) != len(COLUMNS):
            errors.append(f"ligne {line} : {len(values)} colonnes")
            continue
        errors += [
            f"ligne {line} : {e}" for e in row_errors(dict(zip(COLUMNS, values, strict=True)))
        ]
    return errors
