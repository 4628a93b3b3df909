"""The Content-Security-Policy holds on every key page: Chromium reports no violation (no inline script or style,
nothing from elsewhere). The pages are the accessibility test's (``accessibility_pages.PAGES``), as their roles."""

from io import StringIO

import pytest
from django.core.management import call_command

from hubs_portal.tests.accessibility_pages import PAGES
from hubs_portal.tests.test_accessibility import logged_in_context

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Runs before any script of the page (Playwright injects it), so every violation of the page is heard.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_key_pages_break_no_rule_of_the_content_security_policy(browser_context, live_server):
    call_command("seed_demo", stdout=StringIO())
    base = live_server.url
    pages, problems, console = {}, [], []
    for spec in PAGES:
        if spec.role not in pages:
            context = logged_in_context(browser_context, base, spec.role)
            context.add_init_script(LISTEN)
            page = context.new_page()
            page.on("console", lambda message: console.append(message.text))
            pages[spec.role] = page
        page = pages[spec.role]
        console.clear()
        response = page.goto(base + spec.path())
        if spec.then:
            spec.then(page)
        page.wait_for_load_state("load")
        label = f"{spec.name} ({spec.path()}) as {spec.role or 'anonymous'}"
        if "script-src 'self'" not in (response.headers.get("content-security-policy") or ""):
            problems.append(f"{label}: no Content-Security-Policy header")
        problems.extend(f"{label}: {v}" for v in page.evaluate("window.__cspViolations"))
        problems.extend(f"{label}: console: {m}" for m in console if "Content Security Policy" in m)
    assert not problems, f"{len(problems)} CSP violations:\n" + "\n".join(problems)
