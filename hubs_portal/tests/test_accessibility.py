"""Every key page, as the role that uses it, in Debian's Chromium: axe-core finds no serious or critical
violation at 1280 and 390 px, and nothing scrolls sideways at 390 and 320 px.

The pages are listed in ``accessibility_pages.py`` (how to add yours is written there and in the README).
One browser for the module, one context per role, pages in a loop; every problem is collected and the
failure names each page, width and violation.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client

from hubs_portal.tests.accessibility_pages import PAGES, demo_user
from notifications.sweep import outbox_sweep

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AXE_SOURCE = (settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text()
AXE_WIDTHS = (1280, 390)
OVERFLOW_WIDTHS = (390, 320)
HEIGHT = 900

# axe-core's own rules, plus target-size (WCAG 2.2 2.5.8, 24 × 24 px), which axe leaves off by default.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))}));
}"""

# Two animation frames: scripts that follow the width (the charts) have redrawn.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# What sticks out past the right edge, to name in the failure: the outermost such elements.
WIDER_THAN_SCREEN = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > width + 0.5);
  const outer = wide.filter(e => !wide.includes(e.parentElement)).slice(0, 3);
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  return {scrollWidth: document.documentElement.scrollWidth,
          culprits: outer.map(e => name(e) + " (right edge " + Math.round(e.getBoundingClientRect().right) + " px)")};
}"""


def check_page(page, label: str) -> list[str]:
    """Axe at each of AXE_WIDTHS and the sideways-scroll check at each of OVERFLOW_WIDTHS, on the loaded page."""
    problems = []
    for width in sorted({*AXE_WIDTHS, *OVERFLOW_WIDTHS}, reverse=True):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.evaluate(SETTLED)
        if width in AXE_WIDTHS:
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.evaluate(AXE_SOURCE)
            for v in page.evaluate(RUN_AXE):
                problems.append(f"{label} at {width} px: axe {v['impact']} {v['id']} ({v['help']})")
                problems.extend(f"      {node}" for node in v["nodes"])
        if width in OVERFLOW_WIDTHS:
            overflow = page.evaluate(WIDER_THAN_SCREEN)
            if overflow:
                problems.append(
                    f"{label} at {width} px: scrolls sideways ({overflow['scrollWidth']} px wide): "
                    + ", ".join(overflow["culprits"])
                )
    return problems


def logged_in_context(browser_context, base: str, role: str | None):
    context = browser_context(viewport={"width": AXE_WIDTHS[0], "height": HEIGHT})
    if role:
        client = Client()
        client.force_login(demo_user(role))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])
    return context


def test_key_pages_pass_axe_and_fit_a_phone(browser_context, live_server):
    call_command("seed_demo", stdout=StringIO())
    outbox_sweep()  # the outbox pages show queued and sent reminders
    base = live_server.url
    pages = {}
    problems = []
    for spec in PAGES:
        if spec.role not in pages:
            pages[spec.role] = logged_in_context(browser_context, base, spec.role).new_page()
        page = pages[spec.role]
        path = spec.path()
        response = page.goto(base + path)
        if response.status != spec.status:
            problems.append(f"{spec.name} ({path}) as {spec.role or 'anonymous'}: HTTP {response.status}")
            continue
        if spec.then:
            spec.then(page)
        problems.extend(check_page(page, f"{spec.name} ({path}) as {spec.role or 'anonymous'}"))
    assert not problems, f"{len(problems)} accessibility problem lines:\n" + "\n".join(problems)


def test_server_error_page_passes_axe_and_fits_a_phone(browser_page, live_server):
    # The 500 page is rendered as Django's handler renders it (no request, no database) and served in place
    # of a page, so its stylesheets load from the live server as they would.
    page, base = browser_page, live_server.url
    body = render_to_string("500.html")
    page.route(f"{base}/broken/", lambda route: route.fulfill(status=500, body=body, content_type="text/html"))
    page.goto(f"{base}/broken/")
    problems = check_page(page, "Server error (500)")
    assert not problems, "\n".join(problems)
