"""Plain factories. Named actors live in conftest.py."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState, Maturity, SupportStatus, TeamAccess
from essaim.applications.models import (
    Application,
    BudgetLine,
    Message,
    SupportRequest,
    TeamMember,
)
from essaim.funds.enums import FundRole, StageKind, SupportKind
from essaim.funds.models import Call, CallMembership, CallStage, Fund, FundMembership, Theme
from essaim.review.enums import (
    ConflictReason,
    ConflictSource,
    ConflictStatus,
    ReviewStageKind,
    ReviewStatus,
)
from essaim.review.models import (
    Assignment,
    Conflict,
    Criterion,
    JurySession,
    Review,
    ReviewStage,
    Score,
    SupportRound,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@mairie-exemple.fr")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    job_title = "Chargée de mission"
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"fonds-{n}")
    name = factory.Sequence(lambda n: f"Fonds {n}")
    operator = "Opérateur public"
    reference_prefix = factory.Sequence(lambda n: f"F{n:02d}"[:8])
    accent_colour = "#1f4e79"


class FundMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundMembership

    fund = factory.SubFactory(FundFactory)
    user = factory.SubFactory(UserFactory)
    role = FundRole.STAFF


class CallFactory(factory.django.DjangoModelFactory):
    """An open call by default: opened ten days ago, closes in twenty days."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    fund = factory.SubFactory(FundFactory)
    # far above the editions tests name themselves (6, 7…), so the two never meet
    slug = factory.Sequence(lambda n: f"2024-{100 + n % 900}")
    year = 2024
    edition = factory.Sequence(lambda n: 100 + n % 900)
    title = factory.Sequence(lambda n: f"Appel à projets n° {n + 1}")
    summary = "Des idées d'agents pour améliorer l'accueil des usagers."
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    support_kind = SupportKind.ACCOMPANIMENT
    requires_hierarchical_support = True
    is_published = True

    class Params:
        funding = factory.Trait(
            support_kind=SupportKind.FUNDING,
            min_amount=Decimal("30000"),
            max_amount=Decimal("120000"),
            envelope=Decimal("3000000"),
            requires_hierarchical_support=False,
        )

    @factory.post_generation
    def stages(obj, create, extracted, **kwargs):
        if not create:
            return
        kinds = (
            extracted
            if extracted is not None
            else [
                StageKind.APPLICATION,
                StageKind.ELIGIBILITY,
                StageKind.FIRST_SELECTION,
                StageKind.SUPPORT,
                StageKind.JURY,
                StageKind.RESULTS,
            ]
        )
        for position, kind in enumerate(kinds):
            CallStage.objects.create(call=obj, kind=kind, position=position)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if not create:
            return
        titles = (
            extracted
            if extracted is not None
            else [
                "Repenser l'accueil des usagers",
                "Faire évoluer les conditions de travail des agents",
            ]
        )
        for position, title in enumerate(titles):
            Theme.objects.create(call=obj, title=title, position=position)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with its owner in the team. Use `complete=True` for a ready-to-submit one."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Projet d'accueil n° {n}")
    state = ApplicationState.DRAFT

    class Params:
        complete = factory.Trait(
            organisation_name="Commune de Pessac",
            organisation_type="commune",
            organisation_departement="33",
            problem="Les usagers attendent longtemps au téléphone.",
            users_concerned="Les habitants qui appellent la mairie.",
            idea="Un accueil téléphonique repensé avec les agents.",
            maturity=Maturity.IDEA,
            effect_on_agents="Moins de stress pour les agents d'accueil.",
            effect_on_users="Des réponses plus rapides.",
            collective_dimension="Trois services travaillent ensemble.",
            reproducibility="Toute commune avec un standard peut s'en inspirer.",
        )

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if not create:
            return
        user = obj.created_by
        TeamMember.objects.create(
            application=obj,
            user=user,
            full_name=user.full_name if user else "Porteur",
            email=user.email if user else "",
            job_title="Directrice des relations usagers",
            access=TeamAccess.OWNER,
        )

    @factory.post_generation
    def ready(obj, create, extracted, **kwargs):
        """With ready=True: theme set, support confirmed and budget filled as the call needs."""
        if not create or not extracted:
            return
        obj.theme = obj.call.themes.first()
        obj.save(update_fields=["theme"])
        if obj.call.requires_hierarchical_support:
            SupportRequest.objects.create(
                application=obj,
                supervisor_name="Claire Martin",
                supervisor_function="Directrice générale des services",
                supervisor_email="dgs@mairie-exemple.fr",
                status=SupportStatus.CONFIRMED,
                responded_at=timezone.now(),
            )
        if obj.call.is_funding:
            obj.amount_requested = Decimal("50000")
            obj.partners = "Préfecture et conseil départemental."
            obj.save(update_fields=["amount_requested", "partners"])
            BudgetLine.objects.create(
                application=obj, label="Design de service", amount=Decimal("30000")
            )
            BudgetLine.objects.create(application=obj, label="Prototypage", amount=Decimal("20000"))


def submitted(application, *, reference: str | None = None, state=ApplicationState.SUBMITTED):
    """Put a test dossier in a post-submission state without the submission service.

    For selection tests that need many dossiers in a given state; the submission path itself
    is tested through its service.
    """
    n = application.pk
    application.reference = reference or f"{application.call.fund.reference_prefix}-T-{n:05d}"
    application.submitted_at = timezone.now()
    application.state = state
    application.save(update_fields=["reference", "submitted_at", "state"])
    return application


# --- selection ---------------------------------------------------------------------------


class CallMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallMembership

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)
    role = FundRole.REVIEWER


class ReviewStageFactory(factory.django.DjangoModelFactory):
    """A stage with two criteria scored 0–4 (weights 2 and 1) unless `criteria=[...]`."""

    class Meta:
        model = ReviewStage
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    kind = ReviewStageKind.FIRST_SELECTION
    reviews_per_application = 2

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if not create:
            return
        specs = (
            extracted
            if extracted is not None
            else [("Dimension collective", Decimal("2")), ("Caractère inspirant", Decimal("1"))]
        )
        for position, (label, weight) in enumerate(specs):
            Criterion.objects.create(stage=obj, label=label, weight=weight, position=position)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    stage = factory.SubFactory(ReviewStageFactory)
    application = factory.SubFactory(ApplicationFactory, call=factory.SelfAttribute("..stage.call"))
    reviewer = factory.SubFactory(UserFactory)


def scored(assignment, values: list[int | None], *, submit: bool = True, comment: str = ""):
    """Give `assignment` a review with one value per criterion, in criterion order."""
    review, _ = Review.objects.get_or_create(assignment=assignment)
    for criterion, value in zip(assignment.stage.criteria.all(), values, strict=True):
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": value}
        )
    review.comment = comment
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    return review


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    application = factory.SubFactory(ApplicationFactory)
    person = factory.SubFactory(UserFactory)
    source = ConflictSource.DECLARED
    reason = ConflictReason.DECLARED
    status = ConflictStatus.CONFIRMED


class SupportRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRound

    call = factory.SubFactory(CallFactory)
    title = "Appui aux équipes présélectionnées"
    message = "Précisez votre calendrier et vos partenaires."


class JurySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurySession

    call = factory.SubFactory(CallFactory)
    title = "Jury final"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    place = "Paris, salle du conseil"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    application = factory.SubFactory(ApplicationFactory)
    body = "Pouvez-vous préciser le nombre d'agents concernés ?"
    from_staff = True


# --- jury ---


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "review.JuryMember"

    session = factory.SubFactory(JurySessionFactory)
    user = factory.SubFactory(UserFactory)
    function = "Élue déléguée à l'innovation"


class JuryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "review.JuryItem"

    session = factory.SubFactory(JurySessionFactory)
    application = factory.SubFactory(
        ApplicationFactory, call=factory.SelfAttribute("..session.call")
    )
    position = factory.Sequence(lambda n: n + 1)


# --- screening and support rounds ---


def submitted_for_real(application, *, user=None):
    """Submit a complete dossier through the real service: reference, version 1, receipt."""
    from essaim.applications.services.submission import application_submit

    return application_submit(application_id=application.pk, user=user or application.created_by)


def shortlisted(application, *, actor):
    """A complete dossier submitted for real, screened eligible and shortlisted, both through
    `record_decision` (so it has version 1 and its decision rows)."""
    from essaim.review.enums import DecisionKind
    from essaim.review.services.decisions import record_decision

    application = submitted_for_real(application)
    for kind, outcome in (
        (DecisionKind.ELIGIBILITY, ApplicationState.ELIGIBLE),
        (DecisionKind.SHORTLIST, ApplicationState.SHORTLISTED),
    ):
        record_decision(application=application, kind=kind, outcome=outcome, actor=actor)
    return application


# --- review setup ---


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation to review a call's dossiers."""

    class Meta:
        model = "funds.Invitation"

    call = factory.SubFactory(CallFactory)
    email = factory.Sequence(lambda n: f"expert{n}@cabinet-exemple.fr")
    full_name = factory.Sequence(lambda n: f"Expert {n}")
    role = FundRole.REVIEWER
    sent_at = factory.LazyFunction(timezone.now)


# --- results (decision mailings, messages) ---


def decided(application, outcome, *, reason: str = "", kind: str | None = None):
    """Put a test dossier in a decided state (via `submitted`) with its Decision row, whose
    reason feeds {motif}. The decision path itself is tested through record_decision."""
    from essaim.review.enums import DECISION_OUTCOMES
    from essaim.review.models import Decision

    if kind is None:
        kind = next(k for k, outcomes in DECISION_OUTCOMES.items() if outcome in outcomes)
    if application.reference:
        application.state = outcome
        application.save(update_fields=["state"])
    else:
        submitted(application, state=outcome)
    Decision.objects.create(application=application, kind=kind, outcome=outcome, reason=reason)
    return application


# --- territory (referential of public bodies) ---


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A body of the referential, with its search terms. Official communes by default;
    `source="applicant"` for one an applicant added."""

    class Meta:
        model = "territory.Organisation"

    kind = "commune"
    name = factory.Sequence(lambda n: f"Villeneuve-Exemple-{n}")
    formal_name = factory.LazyAttribute(
        lambda o: f"Commune de {o.name}" if o.kind == "commune" else o.name
    )
    departement = "33"
    region = "75"
    population = 1200

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from essaim.territory.services import refresh_derived_fields, reindex

        organisation = model_class(*args, **kwargs)
        refresh_derived_fields(organisation)
        organisation.save()
        reindex([organisation])
        return organisation


# --- after the jury (accompaniment) ---


def laureate(application):
    """A test dossier made laureate, with its jury Decision row (see `decided`)."""
    return decided(application, ApplicationState.LAUREATE, reason="Projet retenu.")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accompaniment.Cohort"

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Cohorte {n + 1}")
    starts_on = dt.date(2026, 3, 2)
    ends_on = dt.date(2026, 5, 29)


class AccompanimentFactory(factory.django.DjangoModelFactory):
    """A laureate's accompaniment (the dossier is made laureate) without phases."""

    class Meta:
        model = "accompaniment.Accompaniment"

    application = factory.LazyAttribute(lambda o: laureate(ApplicationFactory(complete=True)))


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accompaniment.Phase"

    accompaniment = factory.SubFactory(AccompanimentFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Phase {n + 1}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accompaniment.Milestone"

    accompaniment = factory.SubFactory(AccompanimentFactory)
    title = factory.Sequence(lambda n: f"Jalon {n + 1}")
    due_on = dt.date(2026, 4, 15)


class EngagementFactory(factory.django.DjangoModelFactory):
    """A draft engagement of a laureate."""

    class Meta:
        model = "accompaniment.Engagement"

    application = factory.LazyAttribute(lambda o: laureate(ApplicationFactory(complete=True)))
    summary = "Repenser l'accueil téléphonique avec les agents et les usagers."


# --- essaimage (catalogue) ---


class InnovationFactory(factory.django.DjangoModelFactory):
    """A published sheet from outside any fund unless `fund=`/`application=` are given."""

    class Meta:
        model = "catalogue.Innovation"

    slug = factory.Sequence(lambda n: f"innovation-{n}")
    title = factory.Sequence(lambda n: f"Un accueil téléphonique repensé n° {n}")
    summary = "Les agents et les usagers ont repensé ensemble l'accueil au téléphone."
    topic = "reception"
    problem = "Les usagers attendaient longtemps au téléphone."
    solution = "Un standard réorganisé et un script co-écrit avec les agents."
    is_published = True
    published_at = factory.LazyFunction(timezone.now)
    is_external = factory.LazyAttribute(lambda o: o.fund is None)
    fund = None


class ReuseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalogue.Reuse"

    innovation = factory.SubFactory(InnovationFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    declared_by = factory.SubFactory(UserFactory)
    departement = factory.LazyAttribute(lambda o: o.organisation.departement)
    # confirmed by the innovation's side, so public (a declaration through the service is not)
    confirmed_at = factory.LazyFunction(timezone.now)
