"""The shapes of the demo data. The data modules (`demo.data.*`) fill them; `demo.loader`
turns them into rows through the real services.

Everything here is plain, frozen data: no database access, no clock.
"""

import datetime as dt
from dataclasses import dataclass, field

# What a dossier has become by the end of the load. The loader derives the path of states
# from it and the call's stages (see loader.path_to).
DRAFT = "draft"
SUBMITTED = "submitted"
INELIGIBLE = "ineligible"
NOT_SHORTLISTED = "not_shortlisted"
WITHDRAWN = "withdrawn"
# Waiting for the jury of the call in selection: first selection and support round done.
SHORTLISTED = "shortlisted"
NOT_SELECTED = "not_selected"
WAITLISTED = "waitlisted"
LAUREATE = "laureate"
IN_ACCOMPANIMENT = "in_accompaniment"
ACCOMPANIED = "accompanied"

FICTITIOUS_SUFFIX = " (exemple fictif)"
FICTITIOUS_NOTE = "Exemple fictif, inventé pour la démonstration. "


@dataclass(frozen=True)
class Person:
    """A team member or a supervisor. `account` names a demo account (its e-mail) to attach;
    `access` is a TeamAccess value (the first person of a team is always its owner)."""

    full_name: str
    job_title: str
    project_role: str = ""
    email: str = ""
    account: str = ""
    access: str = ""


@dataclass(frozen=True)
class Budget:
    """Labels with their share of the amount, in percent; the loader rounds each line to
    100 € and gives the last line the remainder, so the lines always add up."""

    lines: tuple[tuple[str, int], ...]


@dataclass(frozen=True, kw_only=True)
class Dossier:
    """One dossier. Drafts may leave fields empty; anything submitted must be complete."""

    title: str
    organisation_name: str
    organisation_type: str
    departement: str
    outcome: str
    team: tuple[Person, ...]
    theme: str = ""  # a key of the fund's themes
    problem: str = ""
    users_concerned: str = ""
    idea: str = ""
    effect_on_agents: str = ""
    effect_on_users: str = ""
    collective_dimension: str = ""
    reproducibility: str = ""
    maturity: str = ""
    supervisor: Person | None = None
    partners: str = ""
    amount: int | None = None
    budget: Budget | None = None
    # Why staff decided as they did (ineligible, not shortlisted, not selected) or why the
    # team withdrew.
    reason: str = ""
    # Laureates of one call are accompanied in cohorts (seed 003: two in March–May, two in
    # July–September): 0 for the first, 1 for the second.
    cohort: int = 0
    fictitious: bool = False
    # Open call only: ask the supervisor through the real service and leave it pending.
    support_pending: bool = False
    # Open call only: how many days before the load the dossier was submitted.
    submitted_days_ago: int = 0

    @property
    def display_title(self) -> str:
        return self.title + (FICTITIOUS_SUFFIX if self.fictitious else "")

    @property
    def display_problem(self) -> str:
        return (FICTITIOUS_NOTE if self.fictitious else "") + self.problem


@dataclass(frozen=True)
class Stage:
    """A step of a call. The open call's steps are given in days after its closing
    (`after_closing`) because its dates move with the day the demo is loaded."""

    kind: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    description: str = ""
    after_closing: tuple[int, int] | None = None


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    description: str


@dataclass(frozen=True, kw_only=True)
class Call:
    """One edition. The call kept open in the demo has no fixed dates: the loader opens it
    three weeks before the day of loading and closes it two weeks after. Neither it, the call
    in selection nor the call being accompanied has fixed dates or a fixed name: the loader
    places them by the day of loading and names them after the year they open in
    (`2026-7`)."""

    edition: int
    slug: str = ""
    year: int | None = None
    title: str
    summary: str
    stages: tuple[Stage, ...]
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    dossiers: tuple[Dossier, ...] = ()
    description: str = ""
    open_in_demo: bool = False
    # The call whose selection is under way in the demo: closed nine weeks before the day of
    # loading, its first selection and support round done, expert opinions and jurors'
    # scores being given, its jury session ahead.
    in_selection_in_demo: bool = False
    # The call whose laureates are being accompanied on the day of loading: closed 24 weeks
    # before, its selection played to its end, its accompaniment stage under way (the
    # cohorts of `demo.accompaniment` start nine and two weeks before the load).
    accompanied_in_demo: bool = False


@dataclass(frozen=True, kw_only=True)
class Fund:
    slug: str
    name: str
    operator: str
    reference_prefix: str
    tagline: str
    description: str
    partners: str
    website: str
    contact_email: str
    accent_colour: str
    # Shared by all the fund's calls (each call stores its own copy, as staff would).
    call_defaults: dict = field(default_factory=dict)
    themes: tuple[Theme, ...] = ()
    calls: tuple[Call, ...] = ()
