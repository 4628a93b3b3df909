"""NCETM staff make a cohort; a hub lead nominates a teacher of the hub's schools to it and records their
milestones; the teacher finds their progress from their home page. In Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from mastery.models import MasterySpecialist
from workgroups.tests.factories import WorkGroupFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_ncetm_makes_a_cohort_and_a_hub_lead_nominates_a_teacher_to_it(browser_page, browser_log_in, programme):
    page = browser_page
    next_start = programme.next_year.academic_year.start_year
    new_cohort = f"{next_start}/{(next_start + 1) % 100:02d}"
    work_group = WorkGroupFactory(hub=programme.hub, code="NCP26-11-MAT-01", title="Primary TfM Development")
    work_group.leads.add(programme.teacher)

    # NCETM staff make next year's secondary cohort.
    browser_log_in(page, programme.ncetm.email, PASSWORD)
    page.get_by_test_id("nav").get_by_role("link", name="Mastery Specialist cohorts").click()
    page.get_by_label("Start year").select_option(label=new_cohort)
    page.get_by_label("Phase").select_option(label="Secondary")
    page.get_by_role("button", name="Make the cohort").click()
    expect(page.get_by_text(f"The Secondary cohort {new_cohort} is made")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The hub lead nominates Tara, first with a mistyped address.
    browser_log_in(page, programme.lead.email, PASSWORD)
    page.get_by_test_id("nav").get_by_role("button", name="Matrix hub").click()
    page.get_by_test_id("nav").get_by_role("link", name="Mastery Specialists").click()
    page.get_by_role("link", name="Nominate a teacher").click()
    page.get_by_label("The teacher's e-mail address").fill("tara@school.exampel")
    page.get_by_label("Cohort").select_option(label=f"Secondary cohort {new_cohort}")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_role("alert")).to_contain_text("No account with this address teaches at a school")
    page.get_by_label("The teacher's e-mail address").fill("tara@school.example")
    page.get_by_label("Cohort").select_option(label=f"Secondary cohort {new_cohort}")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text(f"Tara Teacher is nominated to the Secondary cohort {new_cohort}.")).to_be_visible()

    # ... and records her milestones.
    page.get_by_role("link", name="Record milestones").click()
    page.get_by_label("Training days attended").fill("15")
    page.get_by_label("Who from their school came to the launch").select_option(label="Headteacher")
    page.get_by_label("Their name").fill("Pat Head")
    page.get_by_label("First Work Group led").select_option(
        label=f"NCP26-11-MAT-01 Primary TfM Development ({work_group.academic_year})"
    )
    page.get_by_role("button", name="Save milestones").click()
    expect(page.get_by_text("First Work Group led: NCP26-11-MAT-01 Primary TfM Development.")).to_be_visible()
    page.get_by_role("link", name="Mastery Specialists of Matrix").click()
    expect(page.locator('[data-specialist="tara@school.example"]')).to_contain_text("15 training days")
    page.get_by_role("button", name="Log out").click()

    # Tara finds her progress from her home page.
    browser_log_in(page, programme.teacher.email, PASSWORD)
    page.get_by_test_id("home-mastery").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Your Mastery Specialist programme")).to_be_visible()
    expect(page.get_by_text("At the launch: headteacher Pat Head.")).to_be_visible()
    assert MasterySpecialist.objects.get().cohort.phase == "secondary"
