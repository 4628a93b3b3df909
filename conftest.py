import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth's login rate limits live in the cache; each test starts with none spent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium under Playwright, launched once per test module (each test gets its own context)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser_context(chromium, live_server):
    """Makes fresh browser contexts (own cookies and storage) as a person in England sees the portal, e.g.
    ``browser_context(viewport={"width": 390, "height": 844})``; all are closed after the test."""
    contexts = []

    def make(**options):
        context = chromium.new_context(accept_downloads=True, locale="en-GB", timezone_id="Europe/London", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(browser_context):
    """A Playwright page in Debian's Chromium, for tests marked ``browser`` (they use ``live_server``)."""
    return browser_context().new_page()


@pytest.fixture
def browser_log_in(live_server):
    """Logs a Playwright page in through the portal's log-in form and waits for the home page:
    ``browser_log_in(page, email, password)``."""

    def log_in(page, email: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_url(f"{live_server.url}/")

    return log_in


# Hypothesis: the "ci" profile (the default, used by `make test` and CI) keeps the property-based tests bounded
# and reproducible; HYPOTHESIS_PROFILE=thorough runs many more examples by hand.
hypothesis_settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
