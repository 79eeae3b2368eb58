"""Declaration of every URL of the project × every role, read by test_url_matrix.py.

HOW TO DECLARE A NEW URL (a URL missing here makes test_url_matrix fail, naming it):

    ROUTES["namespace:name"] = Route(
        kwargs=lambda w: {"pk": w.call.pk},   # built from the world (tests/security/conftest.py)
        get=FUND_STAFF,                        # expected answer to GET, per role
        post=None,                             # see below
        note="why, when it is not obvious",
    )

- The key is the URL's full name (`namespace:name`); a URL without a name is keyed by its
  route (`compte/social/signup/`).
- `kwargs(world)` returns the keyword arguments of `reverse()`; the world's objects are
  attributes (`w.draft`, `w.submitted`, `w.laureate`, `w.call`, `w.fund`, `w.accompaniment`,
  `w.engagement`, `w.innovation`…) and its people are in `w.users[role]`. `query` (a dict)
  adds a query string.
- `get` maps each role of `ROLES` to the expected answer: an HTTP status (200, 403, 404,
  405…), `LOGIN` (a redirect to the sign-in page) or `REDIRECT` (a redirect anywhere else).
  Build it from a profile below and change what differs with `.but(role=status, …)`, e.g.
  `FUND_STAFF.but(other_fund_staff=403)`.
- `post`: state-changing views are also POSTed (empty body) by the attackers — anonymous,
  outsider, other_fund_staff — and nothing may change in the database nor leave by mail.
  By default the expected POST answer is the GET one for each attacker denied on GET; give
  `post=expect(...)` when it differs (a GET-only page answers 405), or `post=NO_POST` for
  pages that are not state-changing for those roles (public forms open to everyone are
  covered by their own tests).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .conftest import ROLES, World

LOGIN = "login"  # a redirect to the sign-in page
REDIRECT = "redirect"  # a redirect elsewhere (e.g. an old address to the new one)
ATTACKERS = ("anonymous", "outsider", "other_fund_staff")


class Expect(dict):
    """role -> expected answer, for every role of ROLES."""

    def but(self, **changes) -> "Expect":
        unknown = set(changes) - set(ROLES)
        assert not unknown, f"unknown roles {unknown}"
        return Expect({**self, **changes})


def expect(default, **roles) -> Expect:
    return Expect({role: roles.get(role, default) for role in ROLES})


NO_POST = Expect()

# --- profiles ------------------------------------------------------------------------------
PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous=LOGIN)
# the back-office on an object of the fund: login, 403 without back-office access, 404 for
# another fund's staff (their lookups never reach this fund)
FUND_STAFF = expect(403, anonymous=LOGIN, staff=200, admin=200, other_fund_staff=404)
# anything a fund's staff may open that is not tied to one fund
ANY_STAFF = expect(403, anonymous=LOGIN, staff=200, admin=200, other_fund_staff=200)
# a dossier in the portal: its team and the fund's staff see it, nobody else learns it exists
TEAM = expect(404, anonymous=LOGIN, applicant=200, co_applicant=200, staff=200, admin=200)
# the team only (staff and admins read the dossier in the back-office)
TEAM_ONLY = expect(404, anonymous=LOGIN, applicant=200, co_applicant=200)
# a POST-only view behind login: signed-in people asking with GET get 405
POST_ONLY = expect(405, anonymous=LOGIN)
# the back-office's laureate pages (engagements, accompaniment) answer 404 to everyone
# outside the fund's staff: they look objects up among the calls one manages
FUND_STAFF_404 = expect(404, anonymous=LOGIN, staff=200, admin=200)
# a redirect for the staff: the page has nothing to do in the world's state (the engagement,
# the sheet exist already…)
FUND_STAFF_DONE = FUND_STAFF_404.but(staff=REDIRECT, admin=REDIRECT)
# POST-only back-office views: login, then 403 without back-office access, 405 otherwise
BO_POST = expect(405, anonymous=LOGIN, outsider=403, applicant=403, co_applicant=403)
BO_POST = BO_POST.but(reviewer=403, juror=403, coach=403, evaluator=403)
# what the attackers get when they POST there
BO_POST_ATTACK = Expect(anonymous=LOGIN, outsider=403, other_fund_staff=404)
OBJECT_POST_ATTACK = Expect(anonymous=LOGIN, outsider=404, other_fund_staff=404)


def _none(w: World) -> dict:
    return {}


@dataclass(frozen=True)
class Route:
    get: Mapping
    kwargs: Callable[[World], dict] = _none
    post: Mapping | None = None
    query: Mapping = field(default_factory=dict)
    note: str = ""


ROUTES: dict[str, Route] = {}


def R(get, kwargs=_none, **extra) -> Route:
    return Route(get=get, kwargs=kwargs, **extra)


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


# capability links: whoever holds the secret address may use it, by design
CAPABILITY = "a secret link sent by e-mail: whoever holds it may answer, by design"

# --- public site ---------------------------------------------------------------------------
_fund = lambda w: {"fund_slug": w.fund.slug}  # noqa: E731
ROUTES.update(
    {
        "public:home": R(PUBLIC),
        "public:past_calls": R(PUBLIC),
        "public:fund_detail": R(PUBLIC, _fund),
        "public:fund_theme": R(PUBLIC, _fund),
        "public:fund_logo": R(PUBLIC, _fund),
        "public:call_detail": R(
            PUBLIC, lambda w: {"fund_slug": w.fund.slug, "call_slug": w.open_call.slug}
        ),
        "public:call_results": R(
            PUBLIC, lambda w: {"fund_slug": w.fund.slug, "call_slug": w.call.slug}
        ),
        "public:legal": R(PUBLIC),
        "public:robots_txt": R(PUBLIC),
        "public:privacy": R(PUBLIC),
        "public:accessibility": R(PUBLIC),
        "public:innovation_detail": R(PUBLIC, lambda w: {"slug": w.innovation.slug}),
        "public:innovation_resource": R(
            PUBLIC, lambda w: {"slug": w.innovation.slug, "pk": w.resource.pk}
        ),
        "public:fund_news": R(PUBLIC, _fund),
        "public:fund_news_feed": R(PUBLIC, _fund),
        "public:news_detail": R(
            PUBLIC, lambda w: {"fund_slug": w.fund.slug, "news_slug": w.news.slug}
        ),
        "public:catalogue": R(PUBLIC),
        "public:catalogue_map": R(PUBLIC),
        "public:reuse_declare": R(
            SIGNED_IN,
            lambda w: {"slug": w.innovation.slug},
            post=NO_POST,
            note="anyone signed in may declare a reuse of a published sheet",
        ),
    }
)

# --- applicants' portal --------------------------------------------------------------------
_draft = _pk("draft")
TEAM_EDIT = TEAM.but(staff=403, admin=403)  # staff read a dossier, only its team writes it
ROUTES.update(
    {
        "portal:my_applications": R(SIGNED_IN),
        "portal:application_start": R(
            SIGNED_IN,
            lambda w: {"fund_slug": w.fund.slug, "call_slug": w.open_call.slug},
            post=NO_POST,
            note="anyone signed in may start a dossier on an open call",
        ),
        "portal:application_detail": R(TEAM, _draft),
        "portal:section_edit": R(TEAM_EDIT, lambda w: {"pk": w.draft.pk, "section": "problem"}),
        "portal:organisation_choose": R(TEAM_EDIT, _draft),
        "portal:organisation_add": R(TEAM_EDIT, _draft),
        "portal:organisation_suggestions": R(PUBLIC, query={"q": "pessac"}),
        "portal:team": R(TEAM, _draft),
        "portal:team_member_edit": R(
            TEAM_EDIT, lambda w: {"pk": w.draft.pk, "member_pk": w.invited_member.pk}
        ),
        "portal:team_member_remove": R(
            TEAM_EDIT.but(co_applicant=403),
            lambda w: {"pk": w.draft.pk, "member_pk": w.invited_member.pk},
        ),
        "portal:team_invitation_resend": R(
            POST_ONLY,
            lambda w: {"pk": w.draft.pk, "member_pk": w.invited_member.pk},
            post=OBJECT_POST_ATTACK,
        ),
        "portal:accept_invitation": R(
            SIGNED_IN,
            lambda w: {"token": w.invited_member.invitation_token},
            post=NO_POST,
            note=CAPABILITY,
        ),
        "portal:attachments": R(TEAM, _draft),
        "portal:attachment_download": R(
            TEAM, lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk}
        ),
        "portal:attachment_delete": R(
            TEAM_EDIT, lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk}
        ),
        "portal:support": R(TEAM, _draft),
        "portal:support_respond": R(
            PUBLIC,
            lambda w: {"token": support_token(w)},
            post=NO_POST,
            note=CAPABILITY,
        ),
        # staff are sent back to the dossier: only its team submits it
        "portal:application_check": R(TEAM_EDIT.but(staff=REDIRECT, admin=REDIRECT), _draft),
        "portal:application_confirmation": R(TEAM, _pk("submitted")),
        "portal:application_receipt": R(TEAM, _pk("submitted")),
        "portal:application_withdraw": R(TEAM_EDIT, _pk("submitted")),
        "portal:application_messages": R(TEAM_EDIT, _pk("submitted")),
        "portal:new_version": R(TEAM_EDIT.but(staff=REDIRECT, admin=REDIRECT), _pk("in_support")),
        "portal:engagement_detail": R(
            TEAM, _engagement := lambda w: {"pk": w.laureate.pk, "engagement_pk": w.engagement.pk}
        ),
        "portal:engagement_sign": R(TEAM_EDIT, _engagement),
        "portal:engagement_pdf": R(TEAM, _engagement),
        "portal:innovation_sheet": R(TEAM, _pk("laureate")),
        "portal:innovation_resources": R(TEAM, _pk("laureate")),
        "portal:innovation_resource_delete": R(
            TEAM, lambda w: {"pk": w.laureate.pk, "resource_pk": w.resource.pk}
        ),
        "portal:my_reuses": R(SIGNED_IN),
        "portal:reuse_detail": R(TEAM, _pk("reuse")),
        "portal:reuse_status": R(
            POST_ONLY,
            _pk("reuse"),
            post=OBJECT_POST_ATTACK,
        ),
        "portal:reuse_confirm": R(
            POST_ONLY,
            _pk("reuse"),
            post=OBJECT_POST_ATTACK,
        ),
    }
)


def support_token(w: World) -> str:
    from essaim.applications.services.support import support_link_path

    return support_link_path(w.support_request).rstrip("/").rsplit("/", 1)[-1]


# --- back-office ---------------------------------------------------------------------------
_call = _pk("call")
_stage = lambda w: {"stage_pk": w.stage.pk}  # noqa: E731
_criterion = lambda w: {"criterion_pk": w.criterion.pk}  # noqa: E731
_fund_pk = lambda w: {"fund_pk": w.fund.pk}  # noqa: E731
_jury = _pk("jury_session")
_jury_app = lambda w: {"pk": w.jury_session.pk, "application_pk": w.laureate.pk}  # noqa: E731


def bo_post(kwargs) -> Route:
    return R(BO_POST, kwargs, post=BO_POST_ATTACK)


def laureate_post(kwargs) -> Route:
    return R(POST_ONLY, kwargs, post=OBJECT_POST_ATTACK)


ROUTES.update(
    {
        "backoffice:home": R(ANY_STAFF),
        "backoffice:fund_create": R(expect(403, anonymous=LOGIN, admin=200)),
        "backoffice:fund_edit": R(FUND_STAFF, _pk("fund")),
        "backoffice:call_create": R(FUND_STAFF, _fund_pk),
        "backoffice:call_detail": R(FUND_STAFF, _call),
        "backoffice:call_edit": R(FUND_STAFF, _call),
        "backoffice:call_extend_deadline": R(FUND_STAFF, _call),
        "backoffice:call_applications": R(FUND_STAFF, _call),
        "backoffice:call_applications_export": R(FUND_STAFF, _call),
        "backoffice:application_detail": R(FUND_STAFF, _pk("submitted")),
        "backoffice:call_screening": R(FUND_STAFF, _call),
        "backoffice:application_screening": R(FUND_STAFF, _pk("submitted")),
        "backoffice:review_stages": R(FUND_STAFF, _call),
        "backoffice:review_stage_create": R(FUND_STAFF, _call),
        "backoffice:review_stage_detail": R(FUND_STAFF, _stage),
        "backoffice:review_stage_edit": R(FUND_STAFF, _stage),
        "backoffice:review_stage_delete": R(FUND_STAFF, _stage),
        "backoffice:criterion_create": R(FUND_STAFF, _stage),
        "backoffice:criterion_edit": R(FUND_STAFF, _criterion),
        "backoffice:criterion_delete": R(FUND_STAFF, _criterion),
        "backoffice:criterion_move": bo_post(_criterion),
        "backoffice:review_pool": R(FUND_STAFF, _call),
        "backoffice:invitation_resend": bo_post(
            lambda w: {"invitation_pk": w.review_invitation.pk}
        ),
        "backoffice:invitation_revoke": bo_post(
            lambda w: {"invitation_pk": w.review_invitation.pk}
        ),
        "backoffice:assignment_board": R(FUND_STAFF, _stage),
        "backoffice:assignment_add": bo_post(_stage),
        "backoffice:assignment_remove": bo_post(lambda w: {"assignment_pk": w.assignment.pk}),
        "backoffice:auto_assign": R(FUND_STAFF, _stage),
        "backoffice:reviewer_load": R(FUND_STAFF, _stage),
        "backoffice:conflict_list": R(FUND_STAFF, _call),
        "backoffice:conflict_detect": bo_post(_call),
        "backoffice:conflict_confirm": bo_post(lambda w: {"conflict_pk": w.conflict.pk}),
        "backoffice:conflict_clear": bo_post(lambda w: {"conflict_pk": w.conflict.pk}),
        "backoffice:ranking": R(FUND_STAFF, _stage),
        "backoffice:ranking_export": R(FUND_STAFF, _stage),
        "backoffice:first_selection": R(FUND_STAFF, _call),
        "backoffice:support_rounds": R(FUND_STAFF, _call),
        "backoffice:support_round_open": R(FUND_STAFF, _call),
        "backoffice:support_round_detail": R(
            FUND_STAFF, lambda w: {"pk": w.call.pk, "round_pk": w.support_round.pk}
        ),
        "backoffice:support_round_close": R(
            FUND_STAFF, lambda w: {"pk": w.call.pk, "round_pk": w.support_round.pk}
        ),
        "backoffice:version_diff": R(FUND_STAFF, _pk("in_support")),
        "backoffice:jury_sessions": R(FUND_STAFF, _call),
        "backoffice:jury_session_create": R(FUND_STAFF, _call),
        "backoffice:jury_deliberation": R(FUND_STAFF, _jury),
        "backoffice:jury_session_edit": R(FUND_STAFF, _jury),
        "backoffice:jury_members": R(FUND_STAFF, _jury),
        "backoffice:jury_items": R(FUND_STAFF, _jury),
        "backoffice:jury_attendance": bo_post(_jury),
        "backoffice:jury_decision": bo_post(_jury_app),
        "backoffice:jury_abstentions": bo_post(_jury_app),
        "backoffice:jury_hold": R(FUND_STAFF, _jury),
        "backoffice:jury_minutes": R(FUND_STAFF, _jury),
        "backoffice:mailings": R(FUND_STAFF, _call),
        "backoffice:mail_template_edit": R(
            FUND_STAFF, lambda w: {"pk": w.call.pk, "outcome": "laureate"}
        ),
        "backoffice:mailing_create": R(
            FUND_STAFF, lambda w: {"pk": w.call.pk, "outcome": "laureate"}
        ),
        "backoffice:mailing_detail": R(FUND_STAFF, _pk("mailing")),
        "backoffice:mailing_confirm": bo_post(_pk("mailing")),
        "backoffice:mailing_discard": bo_post(_pk("mailing")),
        "backoffice:mailing_recipient": R(
            FUND_STAFF, lambda w: {"pk": w.mailing.pk, "recipient_pk": w.mailing_recipient.pk}
        ),
        "backoffice:call_results": R(FUND_STAFF, _call),
        "backoffice:call_results_publish": bo_post(_call),
        "backoffice:call_results_unpublish": bo_post(_call),
        "backoffice:application_messages": R(FUND_STAFF, _pk("submitted")),
        "backoffice:call_statistics": R(FUND_STAFF, _call),
        "backoffice:call_statistics_export": R(FUND_STAFF, _call),
        "backoffice:engagement_create": R(FUND_STAFF_DONE, _pk("laureate")),
        "backoffice:engagement_detail": R(FUND_STAFF_404, _pk("engagement")),
        "backoffice:engagement_edit": R(FUND_STAFF_404, _pk("engagement")),
        "backoffice:engagement_sign": R(FUND_STAFF_DONE, _pk("engagement")),
        "backoffice:engagement_amend": R(FUND_STAFF_404, _pk("engagement")),
        "backoffice:engagement_tranche_pay": R(
            FUND_STAFF_404, lambda w: {"pk": w.engagement.pk, "tranche_pk": w.tranche.pk}
        ),
        "backoffice:engagement_pdf": R(FUND_STAFF_404, _pk("engagement")),
        "backoffice:call_envelope": R(FUND_STAFF_404, _call),
        "backoffice:call_accompaniment": R(FUND_STAFF_404, _call),
        "backoffice:accompaniment_template_default": laureate_post(_call),
        "backoffice:accompaniment_phase_create": R(FUND_STAFF_404, _call),
        "backoffice:accompaniment_phase_edit": R(
            FUND_STAFF_404, lambda w: {"phase_pk": w.phase_template.pk}
        ),
        "backoffice:accompaniment_phase_delete": R(
            FUND_STAFF_404, lambda w: {"phase_pk": w.phase_template.pk}
        ),
        "backoffice:accompaniment_phase_move": laureate_post(
            lambda w: {"phase_pk": w.phase_template.pk}
        ),
        "backoffice:accompaniment_cohort_create": R(FUND_STAFF_404, _call),
        "backoffice:accompaniment_cohort_edit": R(
            FUND_STAFF_404, lambda w: {"cohort_pk": w.cohort.pk}
        ),
        "backoffice:accompaniment_people": R(FUND_STAFF_404, _call),
        "backoffice:accompaniment_invitation_resend": laureate_post(
            lambda w: {"invitation_pk": w.coach_invitation.pk}
        ),
        "backoffice:accompaniment_invitation_revoke": laureate_post(
            lambda w: {"invitation_pk": w.coach_invitation.pk}
        ),
        "backoffice:accompaniment_placement": R(FUND_STAFF_404, _pk("laureate")),
        "backoffice:accompaniment_finish": R(FUND_STAFF_DONE, _pk("laureate")),
        "backoffice:portfolio": R(ANY_STAFF),
        "backoffice:portfolio_timeline": R(ANY_STAFF),
        "backoffice:catalogue_fund": R(FUND_STAFF, _fund_pk),
        # the laureate's sheet exists: on to it
        "backoffice:innovation_create": R(
            FUND_STAFF.but(staff=REDIRECT, admin=REDIRECT),
            lambda w: {"application_pk": w.laureate.pk},
        ),
        "backoffice:innovation_create_external": R(ANY_STAFF),
        "backoffice:innovation_edit": R(FUND_STAFF, _pk("innovation")),
        "backoffice:innovation_resources": R(FUND_STAFF, _pk("innovation")),
        "backoffice:innovation_resource_delete": R(
            FUND_STAFF, lambda w: {"pk": w.innovation.pk, "resource_pk": w.resource.pk}
        ),
        "backoffice:innovation_publish": R(FUND_STAFF, _pk("innovation")),
        "backoffice:innovation_unpublish": R(FUND_STAFF, _pk("innovation")),
        "backoffice:news_list": R(FUND_STAFF, _fund_pk),
        "backoffice:news_create": R(FUND_STAFF, _fund_pk),
        "backoffice:news_edit": R(FUND_STAFF, _pk("news")),
        "backoffice:news_publish": R(FUND_STAFF, _pk("news")),
        "backoffice:news_unpublish": R(FUND_STAFF, _pk("news")),
        "backoffice:testimonial_list": R(FUND_STAFF, _fund_pk),
        "backoffice:testimonial_create": R(FUND_STAFF, _fund_pk),
        "backoffice:testimonial_edit": R(FUND_STAFF, _pk("testimonial")),
        "backoffice:testimonial_publish": R(FUND_STAFF, _pk("testimonial")),
        "backoffice:testimonial_unpublish": R(FUND_STAFF, _pk("testimonial")),
        "backoffice:reuse_stats": R(ANY_STAFF),
        "backoffice:reuse_stats_export": R(ANY_STAFF),
        "backoffice:reuse_list": R(FUND_STAFF, _pk("innovation")),
    }
)

# --- reviewers' and jurors' space ----------------------------------------------------------
REVIEWER_ONLY = expect(404, anonymous=LOGIN, reviewer=200)
ROUTES.update(
    {
        "reviewers:accept_invitation": R(
            PUBLIC,
            lambda w: {"token": w.review_invitation.token},
            post=NO_POST,
            note=CAPABILITY,
        ),
        "reviewers:home": R(expect(403, anonymous=LOGIN, reviewer=200, juror=200)),
        "reviewers:assignment": R(REVIEWER_ONLY, _pk("assignment")),
        "reviewers:submit": R(REVIEWER_ONLY.but(reviewer=REDIRECT), _pk("assignment")),
        "reviewers:attachment_download": R(
            REVIEWER_ONLY,
            lambda w: {"pk": w.assignment.pk, "attachment_pk": w.submitted_attachment.pk},
        ),
        "reviewers:declare_conflict": R(REVIEWER_ONLY, _pk("assignment")),
    }
)

# --- accompaniment space (coaches, evaluators, laureate teams, staff) -----------------------
_acc = _pk("accompaniment")
WORKSPACE = expect(
    404,
    anonymous=LOGIN,
    applicant=200,
    co_applicant=200,
    staff=200,
    admin=200,
    coach=200,
    evaluator=200,
)
MOVE = WORKSPACE.but(applicant=403, co_applicant=403, evaluator=403)
WRITE = WORKSPACE.but(evaluator=403)
_phase = lambda w: {"pk": w.accompaniment.pk, "phase_pk": w.phase.pk}  # noqa: E731
_milestone = lambda w: {"pk": w.accompaniment.pk, "milestone_pk": w.milestone.pk}  # noqa: E731
_document = lambda w: {"pk": w.accompaniment.pk, "document_pk": w.document.pk}  # noqa: E731
_moment = lambda w: {"pk": w.accompaniment.pk, "moment": "mid_course"}  # noqa: E731
ROUTES.update(
    {
        "coaching:home": R(SIGNED_IN, note="lists what one may see: nothing for most"),
        "coaching:workspace": R(WORKSPACE, _acc),
        "coaching:phase_start": R(MOVE, _phase),
        "coaching:phase_complete": R(MOVE, _phase),
        "coaching:milestone_add": R(MOVE, _acc),
        "coaching:milestone_edit": R(MOVE, _milestone),
        "coaching:milestone_status": R(WRITE, _milestone),
        "coaching:milestone_evidence": R(WRITE, _milestone),
        "coaching:journal_add": R(WRITE, _acc),
        "coaching:document_add": R(WRITE, _acc),
        "coaching:document_download": R(WORKSPACE, _document),
        # only the person who added a document removes it (the coach here)
        "coaching:document_remove": R(
            WRITE.but(applicant=403, co_applicant=403, staff=403, admin=403), _document
        ),
        "coaching:report_edit": R(
            WORKSPACE.but(applicant=403, co_applicant=403, staff=403, admin=403, coach=403),
            _moment,
        ),
        "coaching:report_submit": R(
            WORKSPACE.but(
                applicant=403, co_applicant=403, staff=403, admin=403, coach=403, evaluator=REDIRECT
            ),
            _moment,
        ),
        "coaching:calendar": R(SIGNED_IN),
        "coaching:calendar_feed": R(
            PUBLIC, lambda w: {"token": w.calendar_feed.token}, note=CAPABILITY
        ),
    }
)

# --- read API and open data (public by design: published data only) ------------------------
ROUTES.update(
    {
        "api:index": R(PUBLIC),
        "api:innovations_atom": R(PUBLIC),
        "api:rest:openapi-json": R(PUBLIC),
        "api:rest:openapi-view": R(PUBLIC),
        "api:rest:api-root": R(PUBLIC, note="same address as api:index, which answers"),
        "api:rest:list_calls": R(PUBLIC),
        "api:rest:get_call": R(PUBLIC, lambda w: {"call_id": w.call.pk}),
        "api:rest:list_laureates": R(PUBLIC),
        "api:rest:get_laureate": R(PUBLIC, lambda w: {"reference": w.laureate.reference}),
        "api:rest:list_innovations": R(PUBLIC),
        "api:rest:get_innovation": R(PUBLIC, lambda w: {"slug": w.innovation.slug}),
        "api:rest:list_reuses": R(PUBLIC),
        "api:rest:get_reuse": R(PUBLIC, lambda w: {"reuse_id": w.reuse.pk}),
        "api:rest:innovations_csv": R(PUBLIC),
        "api:rest:innovations_json": R(PUBLIC),
        "api:rest:laureates_csv": R(PUBLIC),
        "api:rest:laureates_json": R(PUBLIC),
        "api:rest:reuses_csv": R(PUBLIC),
        "api:rest:reuses_json": R(PUBLIC),
        "api:rest:subventions_csv": R(PUBLIC),
    }
)

# --- accounts (django-allauth) -------------------------------------------------------------
ANONYMOUS_ONLY = expect(REDIRECT, anonymous=200)
ROUTES.update(
    {
        "account_login": R(ANONYMOUS_ONLY, post=NO_POST),
        "account_logout": R(SIGNED_IN.but(anonymous=REDIRECT), post=NO_POST),
        "account_inactive": R(PUBLIC),
        "account_signup": R(ANONYMOUS_ONLY, post=NO_POST),
        "account_reauthenticate": R(SIGNED_IN),
        "account_email": R(SIGNED_IN),
        "account_email_verification_sent": R(PUBLIC),
        "account_change_password": R(SIGNED_IN),
        "account_set_password": R(expect(REDIRECT, anonymous=LOGIN), note="has one already"),
        "account_reset_password": R(PUBLIC, post=NO_POST),
        "account_confirm_login_code": R(expect(REDIRECT, anonymous=LOGIN)),
        "account_confirm_email": R(PUBLIC, lambda w: {"key": "not-a-key"}, post=NO_POST),
        "account_reset_password_from_key_done": R(PUBLIC),
        "account_reset_password_from_key": R(
            PUBLIC, lambda w: {"uidb36": "1", "key": "not-a-key"}, post=NO_POST
        ),
        "account_reset_password_done": R(PUBLIC),
        "mfa_index": R(SIGNED_IN),
        # no sign-in under way: back to the sign-in page, or on
        "mfa_authenticate": R(expect(REDIRECT, anonymous=LOGIN)),
        # a sign-in older than ACCOUNT_REAUTHENTICATION_TIMEOUT… or none pending: redirects
        "mfa_reauthenticate": R(expect(REDIRECT, anonymous=LOGIN)),
        "mfa_activate_totp": R(expect(REDIRECT, anonymous=LOGIN)),
        "mfa_generate_recovery_codes": R(expect(REDIRECT, anonymous=LOGIN)),
        # nobody in the world has an authenticator app
        "mfa_deactivate_totp": R(expect(404, anonymous=LOGIN)),
        "mfa_view_recovery_codes": R(expect(404, anonymous=LOGIN)),
        "mfa_download_recovery_codes": R(expect(404, anonymous=LOGIN)),
        "socialaccount_login_cancelled": R(PUBLIC),
        "socialaccount_login_error": R(expect(401)),
        "socialaccount_signup": R(expect(LOGIN), note="only during a ProConnect sign-up"),
        "socialaccount_connections": R(SIGNED_IN),
        "compte/social/login/cancelled/": R(expect(REDIRECT)),
        "compte/social/login/error/": R(expect(REDIRECT)),
        "compte/social/signup/": R(expect(REDIRECT)),
        "compte/social/connections/": R(expect(REDIRECT)),
        # no ProConnect client configured in the tests (tests/accounts cover it configured)
        "openid_connect_login": R(expect(404), lambda w: {"provider_id": "proconnect"}),
        "openid_connect_callback": R(expect(404), lambda w: {"provider_id": "proconnect"}),
        "set_language": R(expect(REDIRECT), post=NO_POST),
    }
)

# --- trust: the audit log, a person's own data ---------------------------------------------
ROUTES.update(
    {
        # staff see their own funds' rows; a superuser sees every row
        "backoffice:audit_log": R(ANY_STAFF),
        "backoffice:audit_log_export": R(ANY_STAFF),
        # no identifier in these addresses: they always act on the person signed in
        "portal:personal_data": R(SIGNED_IN),
        "portal:personal_data_download": R(SIGNED_IN),
        "portal:account_delete": R(
            SIGNED_IN, note="deletes only the account of the person asking, after confirmation"
        ),
    }
)

# --- applying without the web: paper dossiers entered by the staff, the blank form ---------
_assisted = lambda w: {"pk": w.open_call.pk, "application_pk": w.assisted_draft.pk}  # noqa: E731
ROUTES.update(
    {
        "public:call_blank_form": R(
            PUBLIC, lambda w: {"fund_slug": w.fund.slug, "call_slug": w.open_call.slug}
        ),
        "backoffice:assisted_start": R(FUND_STAFF, _pk("open_call")),
        "backoffice:assisted_edit": R(FUND_STAFF, _assisted),
        "backoffice:assisted_organisation": R(FUND_STAFF, _assisted),
        "backoffice:assisted_files": R(FUND_STAFF, _assisted),
        "backoffice:assisted_check": R(FUND_STAFF, _assisted),
        "backoffice:assisted_done": R(
            FUND_STAFF,
            lambda w: {"pk": w.open_call.pk, "application_pk": w.assisted_submitted.pk},
        ),
    }
)

# --- staff insight and data in and out: dashboards, exports, imports -----------------------
_job = _pk("export_job")
_import = lambda w: {"pk": w.fund.pk, "job_pk": w.import_job.pk}  # noqa: E731
# an export is its creator's: a colleague, another fund's staff or an admin learn nothing
CREATOR_ONLY = FUND_STAFF.but(admin=404)
GET_REFUSED = expect(405)
ROUTES.update(
    {
        "backoffice:call_dashboard": R(FUND_STAFF, _call),
        "backoffice:fund_dashboard": R(FUND_STAFF, _pk("fund")),
        "backoffice:call_exports": R(FUND_STAFF, _call),
        # POST-only views that refuse any GET before looking at who asks
        "backoffice:call_archive_start": R(GET_REFUSED, _call, post=BO_POST_ATTACK),
        "backoffice:application_archive_start": R(
            GET_REFUSED, _pk("submitted"), post=BO_POST_ATTACK
        ),
        "backoffice:export_list": R(ANY_STAFF, note="each person sees their own exports"),
        "backoffice:export_job": R(CREATOR_ONLY, _job),
        "backoffice:export_job_status": R(CREATOR_ONLY, _job),
        "backoffice:export_download": R(CREATOR_ONLY, _job),
        "backoffice:fund_import": R(FUND_STAFF, _pk("fund")),
        "backoffice:fund_import_template": R(FUND_STAFF, lambda w: {"pk": w.fund.pk, "fmt": "csv"}),
        "backoffice:fund_import_report": R(FUND_STAFF, _import),
        "backoffice:fund_import_confirm": R(GET_REFUSED, _import, post=BO_POST_ATTACK),
    }
)
