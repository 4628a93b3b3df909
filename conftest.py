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


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's Chromium, for tests marked ``browser`` (they use ``live_server``)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(accept_downloads=True, locale="en-GB", timezone_id="Europe/London")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# Hypothesis: the "ci" profile (the default, used by `make test` and CI) keeps the property-based tests bounded
# and reproducible; HYPOTHESIS_PROFILE=thorough runs many more examples by hand.
hypothesis_settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
