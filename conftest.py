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


@pytest.fixture
def smtp_sink():
    """Start a real SMTP server on a free loopback port; stopped after the test.

    ``sink = smtp_sink()`` or ``smtp_sink(refuse_first=2, delay=0.03)`` (see ``SinkHandler``); then
    ``sink.port``, ``sink.handler.received``, ``sink.worker_env()`` for a worker that sends to it.
    """
    from hubs_portal.testing.smtp import SmtpSink

    sinks = []

    def start(**handler_options) -> SmtpSink:
        sink = SmtpSink(**handler_options).__enter__()
        sinks.append(sink)
        return sink

    yield start
    for sink in sinks:
        sink.__exit__(None, None, None)


@pytest.fixture
def celery_broker():
    """Tasks the test queues go to Redis (this test's database of it, emptied before and after) instead of
    running inline, as in production; nothing runs them unless the test starts a worker."""
    from hubs_portal.celery import app
    from hubs_portal.testing.worker import purge_broker

    purge_broker()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        purge_broker()


@pytest.fixture
def celery_worker_process(celery_broker):
    """Start real Celery worker processes on Redis, against the test database; killed after the test.

    ``worker = celery_worker_process(env={...}, smtp=sink, concurrency=2, var_dir=tmp_path)``; then
    ``worker.kill()`` (SIGKILL to it and its pool) and ``worker.start()`` again, ``worker.log()``. While
    the fixture is in use, tasks the test queues go to Redis instead of running inline. Use it with
    ``pytest.mark.django_db(transaction=True)``, so the worker sees what the test commits.
    """
    from hubs_portal.testing.worker import Worker

    workers = []

    def start(*, env: dict | None = None, smtp=None, **options) -> Worker:
        worker = Worker(env={**(smtp.worker_env() if smtp else {}), **(env or {})}, **options).start()
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.kill()


# Hypothesis: the "ci" profile (the default, used by `make test` and CI) keeps the property-based tests bounded
# and reproducible; HYPOTHESIS_PROFILE=thorough runs many more examples by hand.
hypothesis_settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
