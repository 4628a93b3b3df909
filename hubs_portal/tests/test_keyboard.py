"""The portal with a keyboard only, in Chromium, on the seeded demo: a teacher finds a Work Group and registers; a
Work Group lead marks a register; a hub lead approves a registration. Every key press that moves focus is checked:
the focused element shows the focus indicator, is on screen and is not covered by anything."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from hubs_portal.tests.accessibility_pages import demo_registration, demo_session, demo_user, demo_work_group
from workgroups.enums import RegistrationStatus
from workgroups.models import Attendance, Registration

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "maths-hubs-demo"

# What has focus, its name as a person hears it, and whether the focus is visible: the element (or, for a radio
# drawn as a button, its label) matches :focus-visible, has an outline or ring, lies in the viewport and is the
# topmost thing at its centre.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: false, name: "", why: "nothing has focus"};
  const shown = el.matches(".btn-check") ? document.querySelector(`label[for="${el.id}"]`) : el;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const name = (el.getAttribute("aria-label") || label || el.innerText || el.value || "").replace(/\\s+/g, " ").trim();
  const style = getComputedStyle(shown);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || (style.boxShadow && style.boxShadow !== "none");
  const box = shown.getBoundingClientRect();
  const inView = box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
    && box.bottom <= innerHeight && box.right <= innerWidth;
  const top = inView ? document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) : null;
  const uncovered = !!top && (shown.contains(top) || top.contains(shown) || el.contains(top));
  const why = !el.matches(":focus-visible") ? "not :focus-visible" : !ring ? "no outline or ring"
    : !inView ? "off screen" : !uncovered ? "covered by " + (top ? top.outerHTML.slice(0, 80) : "nothing") : "";
  return {ok: !why, name, why, tag: el.tagName.toLowerCase()};
}"""


# Scrolling to the focused element is smooth (Bootstrap's scroll-behavior): wait until the page stops moving.
SCROLLED = """async () => {
  let last = -1, still = 0;
  for (let frame = 0; frame < 120 && still < 3; frame++) {
    await new Promise(done => requestAnimationFrame(done));
    still = scrollY === last ? still + 1 : 0;
    last = scrollY;
  }
}"""


def focus_state(page) -> dict:
    page.evaluate(SCROLLED)
    return page.evaluate(FOCUS)


def tab_to(page, name: str, *, exact: bool = False, limit: int = 150) -> None:
    """Press Tab until the focused element is called ``name``; the focus must be visible at every stop."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page)
        assert state["ok"], (
            f"On {page.url}, tabbing to {name!r}: focus on {state['name']!r} is not visible: {state['why']}"
        )
        seen.append(state["name"])
        if state["name"] == name if exact else name in state["name"]:
            return
    raise AssertionError(f"On {page.url}, {name!r} was not reached with Tab; focus went through {seen}")


def press(page, key: str, *, navigates: bool = False) -> None:
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    tab_to(page, "E-mail address")
    page.keyboard.type(email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Log in", exact=True)
    press(page, "Enter", navigates=True)
    assert page.url == f"{base}/"


def test_keyboard_only_teacher_lead_and_hub_lead_do_their_tasks_with_focus_always_visible(
    browser_context, live_server, time_machine
):
    call_command("seed_demo", stdout=StringIO())
    base = live_server.url
    ely_session = demo_session("MAT-02", 2)
    # The register opens when the session starts: be there an hour in.
    time_machine.move_to(ely_session.starts_at + datetime.timedelta(hours=1), tick=True)
    open_group = demo_work_group("MAT-01")

    # A teacher finds the Cambridge group and registers.
    page = browser_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, base, "participant5@demo.mathshubs.test")
    tab_to(page, "Find a Work Group", exact=True)
    press(page, "Enter", navigates=True)
    tab_to(page, "Search", exact=True)
    page.keyboard.type("Cambridge")
    press(page, "Enter", navigates=True)
    tab_to(page, open_group.title)
    press(page, "Enter", navigates=True)
    tab_to(page, "Register for this Work Group")
    press(page, "Enter", navigates=True)
    tab_to(page, "Your role in school")
    page.keyboard.type("Year 2 teacher")
    tab_to(page, "Headteacher's name")
    page.keyboard.type("Hilary Head")
    tab_to(page, "Headteacher's e-mail")
    page.keyboard.type("head@cambridge.example")
    tab_to(page, "Register", exact=True)
    press(page, "Enter", navigates=True)
    assert "You are registered." in page.inner_text("main")
    teacher = demo_user("participant5")
    assert Registration.objects.filter(work_group=open_group, teacher=teacher).exists()

    # The Work Group lead takes the register of today's session on a phone.
    page = browser_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, base, "wglead@demo.mathshubs.test")
    tab_to(page, "Toggle navigation")
    press(page, "Enter")
    page.wait_for_selector("#main-nav.show:not(.collapsing)")  # the menu has finished opening
    tab_to(page, "Work Groups I lead")
    press(page, "Enter", navigates=True)
    tab_to(page, "Take the register for session 2")
    press(page, "Enter", navigates=True)
    tab_to(page, "Present")
    press(page, " ")
    tab_to(page, "Save register")
    press(page, "Enter", navigates=True)
    assert "Register saved: 1 new" in page.inner_text("main")
    assert Attendance.objects.filter(session=ely_session, status="present").count() == 1

    # The hub lead approves a registration from the Work Group's page.
    priya = demo_registration(open_group, "participant1")
    page = browser_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, base, "hublead@demo.mathshubs.test")
    tab_to(page, "Matrix hub")
    press(page, "Enter")
    tab_to(page, "Work Groups", exact=True)
    press(page, "Enter", navigates=True)
    tab_to(page, open_group.code)
    press(page, "Enter", navigates=True)
    tab_to(page, f"Select {priya.teacher.full_name}")
    press(page, " ")
    tab_to(page, "Approve selected")
    press(page, "Enter", navigates=True)
    # The message is in the Registrations section, and has focus (so it is read out and in view).
    assert page.url.endswith("#registrations")
    state = focus_state(page)
    assert state["name"] == "1 registration(s) approved." and state["ok"], state
    assert page.evaluate("document.activeElement.closest('section').id") == "registrations"
    priya.refresh_from_db()
    assert priya.status == RegistrationStatus.APPROVED
