"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).

Without Chromium they are skipped with one line; in CI (ESSAIM_REQUIRE_BROWSER=1) a missing
or broken Chromium fails the run.
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ESSAIM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or chromium_available():
        return
    if os.environ.get("ESSAIM_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            f"Chromium not found at {CHROMIUM}: browser tests are required (ESSAIM_REQUIRE_BROWSER=1)."
        )
    skip = pytest.mark.skip(reason="Chromium absent")
    for item in browser_items:
        item.add_marker(skip)
    config._essaim_browser_skipped = len(browser_items)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = getattr(config, "_essaim_browser_skipped", 0)
    if skipped:
        terminalreporter.write_line(
            f"{skipped} browser tests skipped: no Chromium at {CHROMIUM} "
            "(sudo apt install chromium to run them)."
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def axe_check():
    """Run axe-core on the page and fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label: str = ""):
        results = _run_once_loaded(axe, page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"axe on {label or page.url}:\n" + "\n".join(bad)

    return check


# A click on a link returns once the navigation has started; axe run at that moment finds
# the old document gone ("null … documentElement") or its context destroyed.
_NAVIGATING = ("documentElement", "Execution context was destroyed")


def _run_once_loaded(axe, page, attempts: int = 3):
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            return axe.run(page)
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(s in str(error) for s in _NAVIGATING):
                raise
    raise AssertionError("unreachable")


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(request, settings):
    """E-mailed links (support, invitations) must lead to the server the browser uses."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
