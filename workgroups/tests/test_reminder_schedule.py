import pytest
from django.urls import reverse

from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from workgroups.models import HubReminderSettings
from workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


def _hub_lead(hub):
    return HubMembershipFactory(hub=hub, role=HubRole.LEAD).user


def test_hub_lead_sets_the_hubs_reminder_schedule(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(work_group.hub))
    url = reverse("workgroups:reminder_schedule", args=[work_group.hub.slug])
    assert 'value="7,1"' in client.get(url).content.decode()

    response = client.post(url, {"session_offset_days": "1, 14,3"})

    assert response.status_code == 302
    assert work_group.hub.reminder_settings.offsets == [14, 3, 1]


def test_bad_reminder_schedule_re_renders_with_an_error_and_saves_nothing(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(work_group.hub))

    response = client.post(
        reverse("workgroups:reminder_schedule", args=[work_group.hub.slug]), {"session_offset_days": "7, tomorrow"}
    )

    assert response.status_code == 400
    assert "Give whole numbers of days" in response.content.decode()
    assert not HubReminderSettings.objects.exists()


def test_reminder_schedule_of_another_hub_is_404_and_cannot_be_set(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(WorkGroupFactory().hub))
    url = reverse("workgroups:reminder_schedule", args=[work_group.hub.slug])

    assert client.get(url).status_code == 404
    assert client.post(url, {"session_offset_days": "2"}).status_code == 404
    assert not HubReminderSettings.objects.exists()


def test_hub_work_groups_page_links_to_the_schedule_and_the_e_mails(client):
    work_group = WorkGroupFactory()
    client.force_login(_hub_lead(work_group.hub))

    html = client.get(reverse("workgroups:hub_list", args=[work_group.hub.slug])).content.decode()

    assert reverse("workgroups:reminder_schedule", args=[work_group.hub.slug]) in html
    assert reverse("notifications:hub_outbox", args=[work_group.hub.slug]) in html
