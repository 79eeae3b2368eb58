"""The datasets staff can export, by key (`dataio.enums.Dataset`)."""

from .base import DatasetSpec
from .decisions import DECISIONS
from .dossiers import DOSSIERS
from .engagements import ENGAGEMENTS
from .milestones import MILESTONES
from .reviews import REVIEWS

DATASETS: dict[str, DatasetSpec] = {
    spec.key: spec for spec in (DOSSIERS, REVIEWS, DECISIONS, ENGAGEMENTS, MILESTONES)
}

__all__ = ["DATASETS", "DatasetSpec"]
