"""NCETM staff record a specialist's PD Lead accreditation (refused first for a date in the future), with an
evidence document; the specialist reads it on their page. In Debian's Chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from mastery.enums import AccreditationStatus
from mastery.models import Accreditation
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_ncetm_staff_record_an_accreditation_and_the_specialist_reads_it(browser_page, browser_log_in, programme):
    page = browser_page
    specialist = MasterySpecialistFactory(
        hub=programme.hub, user=programme.teacher, cohort=programme.last_year, programme_year=2
    )
    accreditation = AccreditationFactory(specialist=specialist, status=AccreditationStatus.IN_PROGRESS)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    browser_log_in(page, programme.ncetm.email, PASSWORD)
    page.get_by_test_id("nav").get_by_role("link", name="Mastery Specialist cohorts").click()
    page.get_by_role("link", name=str(programme.last_year)).click()
    page.get_by_role("link", name="Tara Teacher", exact=True).click()
    page.get_by_role("link", name="Record a decision on PD Lead (Primary)").click()

    # A date in the future is refused, on the form, and what was typed stays.
    page.get_by_label("Accredited", exact=True).check()
    page.get_by_label("Date it took effect").fill((today + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Evidence notes").fill("Face-to-face sessions and gap tasks complete; portfolio reviewed.")
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("is in the future: record a decision on the day it is made, or after.").first
    ).to_be_visible()
    expect(page.get_by_label("Evidence notes")).to_have_value(
        "Face-to-face sessions and gap tasks complete; portfolio reviewed."
    )

    page.get_by_label("Accredited", exact=True).check()
    page.get_by_label("Date it took effect").fill(yesterday.isoformat())
    page.get_by_label("Evidence document (optional)").set_input_files(
        {"name": "Panel letter.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 panel letter"}
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Tara Teacher's PD Lead (Primary) accreditation is accredited.")).to_be_visible()
    card = page.locator(f'[data-accreditation="{accreditation.pk}"]')
    expect(card.get_by_test_id("accreditation-status")).to_have_text("Accredited")
    expect(card.get_by_test_id("accreditation-history")).to_contain_text("In progress → Accredited")
    expect(card.get_by_test_id("accreditation-history")).to_contain_text("Nina NCETM")
    page.get_by_role("button", name="Log out").click()

    # Tara reads it, with her document, and is offered no decision.
    browser_log_in(page, programme.teacher.email, PASSWORD)
    page.get_by_test_id("home-mastery").get_by_role("link").click()
    card = page.locator(f'[data-accreditation="{accreditation.pk}"]')
    expect(card.get_by_test_id("accreditation-status")).to_have_text("Accredited")
    expect(card.get_by_role("link", name="Panel letter.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="Record a decision on PD Lead (Primary)")).to_have_count(0)

    saved = Accreditation.objects.get(pk=accreditation.pk)
    assert (saved.status, saved.accredited_on, saved.decided_by) == (
        AccreditationStatus.ACCREDITED,
        yesterday,
        programme.ncetm,
    )
    saved.document.storage.delete(saved.document.name)
