"""The strict Content-Security-Policy breaks nothing in Chromium: the key pages load, their
scripts run (htmx autosave, the organisation combobox, Swagger UI) and the browser reports
no violation, neither as a `securitypolicyviolation` event nor on the console."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ..security.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded from the first script of every page (Playwright injects it, CSP does not apply).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def _sign_in(page, base: str, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


class Watch:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)

    def visit(self, url: str, *, ready: str | None = None):
        response = self.page.goto(url)
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        if ready:
            self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("networkidle")
        self.check(url)

    def check(self, label: str):
        events = self.page.evaluate("window.__csp || []")
        assert not events and not self.console, f"{label}:\n" + "\n".join(events + self.console)


def test_key_pages_report_no_violation(live_server, page):
    world = build_world()
    base = live_server.url
    watch = Watch(page)

    watch.visit(f"{base}/")
    watch.visit(f"{base}{reverse('public:catalogue')}")
    watch.visit(f"{base}{reverse('public:innovation_detail', args=[world.innovation.slug])}")
    watch.visit(f"{base}{reverse('account_login')}")
    # Swagger UI renders the API from its own bundle: the operations appear only if it ran
    watch.visit(f"{base}{reverse('api:rest:openapi-view')}", ready=".opblock")

    _sign_in(page, base, world.users["applicant"])
    form = reverse("portal:section_edit", args=[world.draft.pk, "problem"])
    watch.visit(f"{base}{form}")
    # htmx autosaves as one types: the request goes out and its answer is swapped in
    with page.expect_response(lambda r: r.request.method == "POST" and form in r.url) as saved:
        page.get_by_label("Quel problème observez-vous").fill(
            "Les usagers attendent trop longtemps au téléphone, même le matin."
        )
    assert saved.value.status == 200
    page.wait_for_timeout(300)
    watch.check("autosave")
    watch.visit(f"{base}{reverse('portal:organisation_choose', args=[world.draft.pk])}")

    page.context.clear_cookies()
    _sign_in(page, base, world.users["staff"])
    watch.visit(f"{base}{reverse('backoffice:call_detail', args=[world.call.pk])}")
    watch.visit(f"{base}{reverse('backoffice:call_applications', args=[world.call.pk])}")

    page.context.clear_cookies()
    _sign_in(page, base, world.users["admin"])
    watch.visit(f"{base}{reverse('admin:index')}")
    watch.visit(f"{base}{reverse('admin:accounts_user_changelist')}")
