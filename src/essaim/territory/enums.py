"""Kinds of public bodies, size bands, and the lists of départements and régions.

The lists follow the Code officiel géographique loaded in the referential (see
docs/territory.md); a test checks that they agree with the shipped snapshot.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    DEPARTEMENT = "departement", _("Conseil départemental")
    REGION = "region", _("Conseil régional")
    SDIS = "sdis", _("Service départemental d'incendie et de secours")
    CENTRE_GESTION = "centre_gestion", _("Centre de gestion")
    SYNDICAT = "syndicat", _("Syndicat mixte ou intercommunal")
    CCAS = "ccas", _("CCAS ou CIAS")
    ETABLISSEMENT_PUBLIC = "etablissement_public", _("Établissement public local")
    HOPITAL = "hopital", _("Établissement de santé ou médico-social public")
    ETAT_CENTRAL = "etat_central", _("Administration centrale de l'État")
    ETAT_DECONCENTRE = "etat_deconcentre", _("Service déconcentré de l'État")
    OPERATEUR = "operateur", _("Opérateur de l'État")
    ASSOCIATION_COLLECTIVITES = "association_collectivites", _("Association de collectivités")
    AUTRE = "autre", _("Autre organisme public")


LOCAL_AUTHORITY_TYPES = [
    OrganisationType.COMMUNE,
    OrganisationType.EPCI,
    OrganisationType.DEPARTEMENT,
    OrganisationType.REGION,
    OrganisationType.SDIS,
    OrganisationType.CENTRE_GESTION,
    OrganisationType.SYNDICAT,
    OrganisationType.CCAS,
    OrganisationType.ETABLISSEMENT_PUBLIC,
    OrganisationType.ASSOCIATION_COLLECTIVITES,
]

DEPARTEMENTS: list[tuple[str, str]] = [
    ("01", "Ain"),
    ("02", "Aisne"),
    ("03", "Allier"),
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("07", "Ardèche"),
    ("08", "Ardennes"),
    ("09", "Ariège"),
    ("10", "Aube"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"),
    ("15", "Cantal"),
    ("16", "Charente"),
    ("17", "Charente-Maritime"),
    ("18", "Cher"),
    ("19", "Corrèze"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("21", "Côte-d'Or"),
    ("22", "Côtes-d'Armor"),
    ("23", "Creuse"),
    ("24", "Dordogne"),
    ("25", "Doubs"),
    ("26", "Drôme"),
    ("27", "Eure"),
    ("28", "Eure-et-Loir"),
    ("29", "Finistère"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("33", "Gironde"),
    ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"),
    ("36", "Indre"),
    ("37", "Indre-et-Loire"),
    ("38", "Isère"),
    ("39", "Jura"),
    ("40", "Landes"),
    ("41", "Loir-et-Cher"),
    ("42", "Loire"),
    ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"),
    ("45", "Loiret"),
    ("46", "Lot"),
    ("47", "Lot-et-Garonne"),
    ("48", "Lozère"),
    ("49", "Maine-et-Loire"),
    ("50", "Manche"),
    ("51", "Marne"),
    ("52", "Haute-Marne"),
    ("53", "Mayenne"),
    ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"),
    ("56", "Morbihan"),
    ("57", "Moselle"),
    ("58", "Nièvre"),
    ("59", "Nord"),
    ("60", "Oise"),
    ("61", "Orne"),
    ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"),
    ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"),
    ("68", "Haut-Rhin"),
    ("69", "Rhône"),
    ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"),
    ("72", "Sarthe"),
    ("73", "Savoie"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"),
    ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("79", "Deux-Sèvres"),
    ("80", "Somme"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
    ("85", "Vendée"),
    ("86", "Vienne"),
    ("87", "Haute-Vienne"),
    ("88", "Vosges"),
    ("89", "Yonne"),
    ("90", "Territoire de Belfort"),
    ("91", "Essonne"),
    ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("95", "Val-d'Oise"),
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("976", "Mayotte"),
]

DEPARTEMENT_CHOICES = [(code, f"{code} — {name}") for code, name in DEPARTEMENTS]
DEPARTEMENT_NAMES = dict(DEPARTEMENTS)


REGIONS: list[tuple[str, str]] = [
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
]
REGION_CHOICES = [(code, name) for code, name in REGIONS]
REGION_NAMES = dict(REGIONS)

# the région of each département (COG)
REGION_OF_DEPARTEMENT: dict[str, str] = {
    "01": "84",
    "02": "32",
    "03": "84",
    "04": "93",
    "05": "93",
    "06": "93",
    "07": "84",
    "08": "44",
    "09": "76",
    "10": "44",
    "11": "76",
    "12": "76",
    "13": "93",
    "14": "28",
    "15": "84",
    "16": "75",
    "17": "75",
    "18": "24",
    "19": "75",
    "21": "27",
    "22": "53",
    "23": "75",
    "24": "75",
    "25": "27",
    "26": "84",
    "27": "28",
    "28": "24",
    "29": "53",
    "2A": "94",
    "2B": "94",
    "30": "76",
    "31": "76",
    "32": "76",
    "33": "75",
    "34": "76",
    "35": "53",
    "36": "24",
    "37": "24",
    "38": "84",
    "39": "27",
    "40": "75",
    "41": "24",
    "42": "84",
    "43": "84",
    "44": "52",
    "45": "24",
    "46": "76",
    "47": "75",
    "48": "76",
    "49": "52",
    "50": "28",
    "51": "44",
    "52": "44",
    "53": "52",
    "54": "44",
    "55": "44",
    "56": "53",
    "57": "44",
    "58": "27",
    "59": "32",
    "60": "32",
    "61": "28",
    "62": "32",
    "63": "84",
    "64": "75",
    "65": "76",
    "66": "76",
    "67": "44",
    "68": "44",
    "69": "84",
    "70": "27",
    "71": "27",
    "72": "52",
    "73": "84",
    "74": "84",
    "75": "11",
    "76": "28",
    "77": "11",
    "78": "11",
    "79": "75",
    "80": "32",
    "81": "76",
    "82": "76",
    "83": "93",
    "84": "93",
    "85": "52",
    "86": "75",
    "87": "75",
    "88": "44",
    "89": "27",
    "90": "27",
    "91": "11",
    "92": "11",
    "93": "11",
    "94": "11",
    "95": "11",
    "971": "01",
    "972": "02",
    "973": "03",
    "974": "04",
    "976": "06",
}


def departements_of_region(region: str) -> list[str]:
    return [dep for dep, reg in REGION_OF_DEPARTEMENT.items() if reg == region]


class SizeBand(models.TextChoices):
    """Population bands used by the filters and the statistics (INSEE legal population)."""

    UNDER_1000 = "under_1000", _("Moins de 1 000 habitants")
    FROM_1000 = "1000_3499", _("De 1 000 à 3 499 habitants")
    FROM_3500 = "3500_9999", _("De 3 500 à 9 999 habitants")
    FROM_10000 = "10000_49999", _("De 10 000 à 49 999 habitants")
    FROM_50000 = "50000_plus", _("50 000 habitants et plus")


# lower bound of each band, highest first
_SIZE_BAND_FLOORS = (
    (50_000, SizeBand.FROM_50000),
    (10_000, SizeBand.FROM_10000),
    (3_500, SizeBand.FROM_3500),
    (1_000, SizeBand.FROM_1000),
    (0, SizeBand.UNDER_1000),
)


def size_band_for(population: int | None) -> str:
    """The band of a population; "" when the population is unknown."""
    if population is None:
        return ""
    for floor, band in _SIZE_BAND_FLOORS:
        if population >= floor:
            return band
    return ""


class EpciKind(models.TextChoices):
    """Legal kind of an intercommunality (DGCL), plus the Grand Paris' territorial bodies."""

    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METRO = "METRO", _("Métropole")
    MET69 = "MET69", _("Métropole de Lyon")
    EPT = "EPT", _("Établissement public territorial")


class OrganisationSource(models.TextChoices):
    REFERENTIAL = "referential", _("Référentiel officiel")
    APPLICANT = "applicant", _("Ajouté par un porteur de projet")
    STAFF = "staff", _("Ajouté par l'équipe d'un fonds")


# Types an applicant may add when their body is missing: communes, EPCI, départements and
# régions all come from the official referential.
ADDABLE_TYPES = [
    OrganisationType.SDIS,
    OrganisationType.CENTRE_GESTION,
    OrganisationType.SYNDICAT,
    OrganisationType.CCAS,
    OrganisationType.ETABLISSEMENT_PUBLIC,
    OrganisationType.HOPITAL,
    OrganisationType.ETAT_CENTRAL,
    OrganisationType.ETAT_DECONCENTRE,
    OrganisationType.OPERATEUR,
    OrganisationType.ASSOCIATION_COLLECTIVITES,
    OrganisationType.AUTRE,
]
