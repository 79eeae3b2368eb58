"""Rules × stages: who may see a dossier, score it, read the other reviews and decide, at
each review stage — checked on the django-rules predicates and through HTTP on the real URLs.

Actors: the fund's staff, a platform admin, the assigned reviewer (a juror at the jury
stage), the same with a suspected / confirmed / declared conflict of interest (blocking) or a
cleared one (not blocking), a reviewer of the call not assigned, a reviewer of another call,
a juror of the call not assigned, the applicant (owner), a team member, staff of another fund,
an outsider and an anonymous visitor.
"""

import html
import re
from dataclasses import dataclass

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import TeamAccess
from essaim.applications.models import Attachment, TeamMember
from essaim.funds.enums import FundRole
from essaim.review.enums import (
    ConflictReason,
    ConflictSource,
    ConflictStatus,
    DecisionKind,
    OtherReviewsVisibility,
    ReviewStageKind,
    ReviewStatus,
)
from essaim.review.models import Decision, Review
from essaim.review.selectors.workspace import may_see_other_reviews
from essaim.review.services import conflicts

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CallMembershipFactory,
    ConflictFactory,
    FundMembershipFactory,
    JuryItemFactory,
    JurySessionFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db

STAGES = [kind.value for kind in ReviewStageKind]

# The applicant's identity: none of it may reach a reviewer's page when the stage hides names.
OWNER_NAME = "Alice Martin-Verdier"
OWNER_EMAIL = "alice.verdier@trifouilly.fr"
ORGANISATION = "Commune de Trifouilly-les-Oies"
MEMBER_NAME = "Bruno Durand-Lefort"
MEMBER_EMAIL = "bruno.lefort@trifouilly.fr"
SUPERVISOR = "Claire Martin"  # set by ApplicationFactory(ready=True)
FILE_NAME = "budget-trifouilly.pdf"
IDENTITY = [OWNER_NAME, OWNER_EMAIL, ORGANISATION, MEMBER_NAME, MEMBER_EMAIL, SUPERVISOR, FILE_NAME]

ACTORS = [
    "staff",
    "platform_admin",
    "assigned",
    "assigned_suspected",
    "assigned_confirmed",
    "assigned_declared",
    "assigned_cleared",
    "call_reviewer_not_assigned",
    "other_call_reviewer",
    "juror_not_assigned",
    "owner",
    "team_member",
    "other_fund_staff",
    "outsider",
    "anonymous",
]
# Those who review the dossier: assigned, with no blocking conflict.
REVIEWS = {"assigned", "assigned_cleared"}
# Those who run the selection: the fund's staff and platform admins.
RUNS = {"staff", "platform_admin"}
# Those who read the dossier itself (staff, admins and its team; reviewers see it above).
READS = RUNS | {"owner", "team_member"}
# Signed in, without the back-office: 403 there.
NO_BACKOFFICE = set(ACTORS) - RUNS - {"other_fund_staff", "anonymous"}


@dataclass
class World:
    call: object
    stage: object
    dossier: object
    assignment: object
    attachment: object
    session: object
    actors: dict
    assignments: dict  # actor -> assignment (a declared conflict deletes it: pk kept)


def _user(email, name):
    return UserFactory(email=email, full_name=name)


def build_world(kind: str, *, shows_names: bool = True, visibility=None) -> World:
    fund_staff = FundMembershipFactory(user=_user("equipe@fonds.fr", "Équipe Fonds")).user
    fund = fund_staff.fund_memberships.get().fund
    call = CallFactory(fund=fund)
    other_call = CallFactory(fund=fund)
    stage = ReviewStageFactory(
        call=call,
        kind=kind,
        shows_applicant_names=shows_names,
        other_reviews_visibility=visibility or OtherReviewsVisibility.AFTER_OWN,
    )
    owner = _user(OWNER_EMAIL, OWNER_NAME)
    dossier = ApplicationFactory(
        call=call,
        created_by=owner,
        complete=True,
        ready=True,
        organisation_name=ORGANISATION,
        title="Un accueil téléphonique repensé",
    )
    state = S.ELIGIBLE if kind == ReviewStageKind.FIRST_SELECTION else S.SHORTLISTED
    submitted(dossier, state=state)
    member = _user(MEMBER_EMAIL, MEMBER_NAME)
    TeamMember.objects.create(
        application=dossier,
        user=member,
        full_name=MEMBER_NAME,
        email=MEMBER_EMAIL,
        job_title="Agent d'accueil",
        access=TeamAccess.EDITOR,
    )
    attachment = Attachment.objects.create(
        application=dossier,
        file=ContentFile(b"%PDF-1.4 budget", name="budget.pdf"),
        original_name=FILE_NAME,
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
    )
    role = FundRole.JUROR if kind == ReviewStageKind.JURY else FundRole.REVIEWER

    def reviewer(key, *, on=call, as_role=role):
        user = _user(f"{key.replace('_', '-')}@expertise.fr", key.replace("_", " ").title())
        CallMembershipFactory(call=on, user=user, role=as_role)
        return user

    actors = {
        "staff": fund_staff,
        "platform_admin": UserFactory(is_superuser=True, is_staff=True),
        "owner": owner,
        "team_member": member,
        "other_fund_staff": FundMembershipFactory(user=_user("equipe@autre.fr", "Autre")).user,
        "outsider": _user("charlie@ailleurs.fr", "Charlie Petit"),
        "anonymous": AnonymousUser(),
        "call_reviewer_not_assigned": reviewer("call_reviewer_not_assigned"),
        "other_call_reviewer": reviewer("other_call_reviewer", on=other_call),
        "juror_not_assigned": reviewer("juror_not_assigned", as_role=FundRole.JUROR),
    }
    assignments = {}
    for key in ("assigned", *(k for k in ACTORS if k.startswith("assigned_"))):
        actors[key] = reviewer(key)
        assignments[key] = AssignmentFactory(stage=stage, application=dossier, reviewer=actors[key])
    for key, status in (
        ("assigned_suspected", ConflictStatus.SUSPECTED),
        ("assigned_confirmed", ConflictStatus.CONFIRMED),
        ("assigned_cleared", ConflictStatus.CLEARED),
    ):
        ConflictFactory(
            application=dossier,
            person=actors[key],
            source=ConflictSource.DETECTED,
            reason=ConflictReason.SAME_ORGANISATION,
            status=status,
        )
    conflicts.declare_conflict(
        application=dossier, person=actors["assigned_declared"], details="Ancien collègue."
    )
    session = JurySessionFactory(call=call)
    JuryItemFactory(session=session, application=dossier, position=1)
    return World(
        call, stage, dossier, assignments["assigned"], attachment, session, actors, assignments
    )


def assignment_for(world: World, actor: str):
    """The assignment an actor would try to open: their own if any, else the reviewer's."""
    return world.assignments.get(actor, world.assignment)


@pytest.fixture(params=STAGES)
def world(request):
    return build_world(request.param)


def signed_in(client, world: World, actor: str):
    user = world.actors[actor]
    if user.is_authenticated:
        client.force_login(user)
    return client


def fresh(user):
    """The user as a new request would load it (no per-request caches)."""
    if not user.is_authenticated:
        return AnonymousUser()
    return type(user).objects.get(pk=user.pk)


def may(user, perm: str, obj) -> bool:
    """The named rule itself. `user.has_perm` would answer True for any superuser (Django's
    backend short-cut), which the reviewer's views must not rely on."""
    return rules.has_perm(perm, user, obj)


def assert_status(response, actor: str, allowed: bool, denied: int):
    if actor == "anonymous":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("account_login"))
    elif allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == denied, (actor, response.status_code)


def backoffice_denial(actor: str) -> int:
    return 403 if actor in NO_BACKOFFICE else 404


# --- the rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_rules_see_score_decide(world, actor):
    user = fresh(world.actors[actor])
    own = assignment_for(world, actor)
    reviews = actor in REVIEWS
    assert may(user, "review.view_as_reviewer", world.dossier) is reviews
    assert may(user, "review.view_assignment", own) is reviews
    assert may(user, "review.score_assignment", own) is reviews
    # nobody may open or score someone else's assignment, not even staff
    if not actor.startswith("assigned"):
        assert not may(user, "review.view_assignment", world.assignment)
        assert not may(user, "review.score_assignment", world.assignment)
    assert may(user, "applications.view_application", world.dossier) is (actor in READS)
    assert may(user, "review.manage_selection", world.call) is (actor in RUNS)
    assert may(user, "review.manage_selection", world.dossier) is (actor in RUNS)
    assert may(user, "review.manage_selection", world.stage) is (actor in RUNS)
    assert may(user, "review.manage_jury", world.session) is (actor in RUNS)
    assert may(user, "review.manage_mailings", world.call) is (actor in RUNS)
    assert may(user, "review.publish_results", world.call) is (actor in RUNS)


@pytest.mark.parametrize("kind", STAGES)
def test_rules_no_more_scoring_once_submitted(kind):
    world = build_world(kind)
    user = fresh(world.actors["assigned"])
    scored(world.assignment, [3, 2], submit=False)
    assert may(user, "review.score_assignment", world.assignment)
    scored(world.assignment, [3, 2], submit=True)
    world.assignment.refresh_from_db()
    assert not may(user, "review.score_assignment", world.assignment)
    assert may(user, "review.view_assignment", world.assignment)


@pytest.mark.parametrize("kind", STAGES)
def test_rules_follow_the_conflict_as_it_changes(kind):
    world = build_world(kind)
    user = fresh(world.actors["assigned"])
    conflict = ConflictFactory(
        application=world.dossier,
        person=user,
        source=ConflictSource.DETECTED,
        reason=ConflictReason.TEAM_MEMBER,
        status=ConflictStatus.SUSPECTED,
    )
    assert not may(user, "review.view_assignment", world.assignment)
    conflict.status = ConflictStatus.CLEARED
    conflict.save()
    assert may(user, "review.view_assignment", world.assignment)
    conflict.status = ConflictStatus.CONFIRMED
    conflict.save()
    assert not may(user, "review.view_as_reviewer", world.dossier)


# other reviews: never / after one's own / always, against one's own review status
OWN_STATES = ["none", "draft", "submitted"]
SEES_OTHERS = {
    (OtherReviewsVisibility.NEVER, "none"): False,
    (OtherReviewsVisibility.NEVER, "draft"): False,
    (OtherReviewsVisibility.NEVER, "submitted"): False,
    (OtherReviewsVisibility.AFTER_OWN, "none"): False,
    (OtherReviewsVisibility.AFTER_OWN, "draft"): False,
    (OtherReviewsVisibility.AFTER_OWN, "submitted"): True,
    (OtherReviewsVisibility.ALWAYS, "none"): True,
    (OtherReviewsVisibility.ALWAYS, "draft"): True,
    (OtherReviewsVisibility.ALWAYS, "submitted"): True,
}
COLLEAGUE = "Avis du collègue : très convaincant."
CONFLICTED_COLLEAGUE = "Avis d'un évaluateur en conflit."


@pytest.mark.parametrize("kind", STAGES)
@pytest.mark.parametrize("visibility", [v.value for v in OtherReviewsVisibility])
@pytest.mark.parametrize("own", OWN_STATES)
def test_other_reviews_capability(client, kind, visibility, own):
    world = build_world(kind, visibility=visibility)
    expected = SEES_OTHERS[(visibility, own)]
    # a colleague with a submitted review, and one in conflict whose review never shows
    for key, values, words in (
        ("assigned_cleared", [4, 4], COLLEAGUE),
        ("assigned_confirmed", [0, 0], CONFLICTED_COLLEAGUE),
    ):
        review = scored(world.stage.assignments.get(reviewer=world.actors[key]), values)
        review.scores.update(comment=words)
    if own != "none":
        scored(world.assignment, [2, 2], submit=own == "submitted")
    review = Review.objects.filter(assignment=world.assignment).first()
    assert may_see_other_reviews(world.stage, review) is expected

    client.force_login(world.actors["assigned"])
    page = html.unescape(
        client.get(reverse("reviewers:assignment", args=[world.assignment.pk])).content.decode()
    )
    assert (COLLEAGUE in page) is expected
    assert CONFLICTED_COLLEAGUE not in page
    # staff read every review on the dossier page, whatever the stage says
    client.force_login(world.actors["staff"])
    staff_page = html.unescape(
        client.get(
            reverse("backoffice:application_detail", args=[world.dossier.pk])
        ).content.decode()
    )
    assert COLLEAGUE in staff_page


# --- through HTTP: the reviewer's pages ---------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_http_reviewer_pages(client, world, actor):
    signed_in(client, world, actor)
    own = assignment_for(world, actor)
    allowed = actor in REVIEWS
    for name, args in (
        ("reviewers:assignment", [own.pk]),
        ("reviewers:attachment_download", [own.pk, world.attachment.pk]),
        ("reviewers:declare_conflict", [own.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert_status(response, actor, allowed, 404)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    criteria = list(world.stage.criteria.all())
    data = {"action": "draft", "comment": "Mon avis."}
    data.update({f"score_{c.pk}": "3" for c in criteria})
    data.update({f"comment_{c.pk}": "" for c in criteria})
    response = client.post(reverse("reviewers:assignment", args=[own.pk]), data)
    assert_status(response, actor, allowed, 404)
    assert Review.objects.filter(assignment=own).exists() is allowed
    # the scoring form is never reached through another person's assignment
    if not actor.startswith("assigned"):
        assert not Review.objects.filter(assignment=world.assignment).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_http_reviewer_list(client, world, actor):
    signed_in(client, world, actor)
    response = client.get(reverse("reviewers:home"))
    link = reverse("reviewers:assignment", args=[assignment_for(world, actor).pk])
    if actor == "anonymous":
        assert_status(response, actor, False, 0)
    elif actor.startswith("assigned") or actor.endswith(("not_assigned", "call_reviewer")):
        assert response.status_code == 200
        assert (link in response.content.decode()) is (actor in REVIEWS)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("actor", ACTORS)
def test_http_staff_pages(client, world, actor):
    """The staff's view of the dossier and of the stage's ranking."""
    signed_in(client, world, actor)
    for url in (
        reverse("backoffice:application_detail", args=[world.dossier.pk]),
        reverse("backoffice:ranking", args=[world.stage.pk]),
        reverse("backoffice:ranking_export", args=[world.stage.pk]),
        reverse("backoffice:assignment_board", args=[world.stage.pk]),
        reverse("backoffice:reviewer_load", args=[world.stage.pk]),
        reverse("backoffice:conflict_list", args=[world.call.pk]),
    ):
        assert_status(client.get(url), actor, actor in RUNS, backoffice_denial(actor))


@pytest.mark.parametrize("actor", ACTORS)
def test_http_portal_dossier(client, world, actor):
    """The team (and the staff) read the dossier in the portal; reviewers do not."""
    signed_in(client, world, actor)
    response = client.get(reverse("portal:application_detail", args=[world.dossier.pk]))
    allowed = actor in READS  # staff read it there too
    if actor == "anonymous":
        assert_status(response, actor, False, 0)
    elif allowed:
        assert response.status_code == 200
        # the team never reads the reviews' internal comments
        assert "Évaluateur 1" not in response.content.decode()
    else:
        assert response.status_code in (403, 404)


# --- through HTTP: deciding ---------------------------------------------------------------


def _eligibility(world):
    dossier = submitted(
        ApplicationFactory(call=world.call, complete=True, ready=True), state=S.SUBMITTED
    )
    url = reverse("backoffice:application_screening", args=[dossier.pk])
    return dossier, url, url, {"outcome": S.ELIGIBLE, "reason": ""}, S.ELIGIBLE


def _shortlist(world):
    dossier = submitted(
        ApplicationFactory(call=world.call, complete=True, ready=True), state=S.ELIGIBLE
    )
    url = reverse("backoffice:first_selection", args=[world.call.pk])
    data = {"dossiers": [dossier.pk], "decision": S.SHORTLISTED, "confirm": "1"}
    return dossier, url, url, data, S.SHORTLISTED


def _jury(world):
    dossier = world.dossier
    get = reverse("backoffice:jury_deliberation", args=[world.session.pk])
    post = reverse("backoffice:jury_decision", args=[world.session.pk, dossier.pk])
    data = {f"d{dossier.pk}-outcome": S.LAUREATE, f"d{dossier.pk}-reason": "", "confirm": "1"}
    return dossier, get, post, data, S.LAUREATE


DECISIONS = {
    DecisionKind.ELIGIBILITY.value: _eligibility,
    DecisionKind.SHORTLIST.value: _shortlist,
    DecisionKind.JURY.value: _jury,
}


@pytest.mark.parametrize("decision", list(DECISIONS))
@pytest.mark.parametrize("actor", ACTORS)
def test_http_decide(client, decision, actor):
    world = build_world(ReviewStageKind.JURY if decision == "jury" else "first_selection")
    dossier, get_url, post_url, data, outcome = DECISIONS[decision](world)
    before = dossier.state
    signed_in(client, world, actor)
    allowed = actor in RUNS
    assert_status(client.get(get_url), actor, allowed, backoffice_denial(actor))
    response = client.post(post_url, data)
    assert_status(response, actor, allowed, backoffice_denial(actor))
    dossier.refresh_from_db()
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert dossier.state == outcome
        assert Decision.objects.get(application=dossier, kind=decision).outcome == outcome
    else:
        assert dossier.state == before
        assert not Decision.objects.filter(application=dossier, kind=decision).exists()


# --- anonymisation ------------------------------------------------------------------------


def reviewer_pages(client, world: World) -> dict[str, str]:
    """Every page of the reviewer's space about this dossier, as text."""
    assignment = world.assignment
    scored(assignment, [2, 3], submit=False)
    pages = {}
    for name, args in (
        ("reviewers:home", []),
        ("reviewers:assignment", [assignment.pk]),
        ("reviewers:submit", [assignment.pk]),
        ("reviewers:declare_conflict", [assignment.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        pages[name] = html.unescape(response.content.decode())
    response = client.get(
        reverse("reviewers:attachment_download", args=[assignment.pk, world.attachment.pk])
    )
    pages["attachment headers"] = html.unescape(response["Content-Disposition"])
    b"".join(response.streaming_content)
    return pages


def leaks(pages: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (name, word)
        for name, text in pages.items()
        for word in IDENTITY
        if re.search(re.escape(word), text, re.IGNORECASE)
    ]


@pytest.mark.parametrize("kind", STAGES)
def test_anonymous_stage_hides_who_applied(client, kind):
    world = build_world(kind, shows_names=False)
    client.force_login(world.actors["assigned"])
    assert leaks(reviewer_pages(client, world)) == []


@pytest.mark.parametrize("kind", STAGES)
def test_named_stage_shows_who_applied(client, kind):
    """The control of the test above: with names shown, the same pages do name them."""
    world = build_world(kind, shows_names=True)
    client.force_login(world.actors["assigned"])
    page = reviewer_pages(client, world)["reviewers:assignment"]
    for word in (OWNER_NAME, ORGANISATION, MEMBER_NAME, MEMBER_EMAIL, FILE_NAME):
        assert word in page


# --- a platform admin who also reviews ----------------------------------------------------


@pytest.mark.parametrize("kind", STAGES)
@pytest.mark.parametrize("status", [ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED])
def test_platform_admin_reviewer_in_conflict_gets_404(client, kind, status):
    """Django answers True to any `has_perm` of a superuser: the reviewer's pages must apply
    the rule itself, so that a conflict keeps an admin who reviews out too."""
    world = build_world(kind)
    admin = world.actors["assigned"]
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    client.force_login(admin)
    page = reverse("reviewers:assignment", args=[world.assignment.pk])
    assert client.get(page).status_code == 200
    ConflictFactory(application=world.dossier, person=admin, status=status)
    assert client.get(page).status_code == 404
    download = reverse(
        "reviewers:attachment_download", args=[world.assignment.pk, world.attachment.pk]
    )
    assert client.get(download).status_code == 404
    assert client.post(page, {"action": "draft"}).status_code == 404
    assert not Review.objects.filter(assignment=world.assignment).exists()


@pytest.mark.parametrize("kind", STAGES)
def test_platform_admin_reviewer_cannot_change_a_submitted_review(client, kind):
    world = build_world(kind)
    admin = world.actors["assigned"]
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    review = scored(world.assignment, [1, 1], submit=True)
    client.force_login(admin)
    data = {"action": "draft", "comment": "Changé."}
    data.update({f"score_{c.pk}": "4" for c in world.stage.criteria.all()})
    client.post(reverse("reviewers:assignment", args=[world.assignment.pk]), data)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.comment == ""
    assert sorted(review.scores.values_list("value", flat=True)) == [1, 1]
