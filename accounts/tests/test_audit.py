import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from accounts.audit import audit_changes, audit_record, audit_values
from accounts.models import AuditEntry
from accounts.selectors import audit_entries_visible_to
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubFactory, HubMembershipFactory
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_what_object_hub_subject_and_values():
    actor = UserFactory()
    registration = RegistrationFactory()
    entry = audit_record(
        actor=actor,
        action="registration.decided",
        target=registration,
        hub=registration.work_group.hub,
        subject=registration.teacher,
        before={"status": "applied"},
        after={"status": "approved"},
        reason="Quota checked",
    )
    entry.refresh_from_db()
    assert entry.actor == actor
    assert entry.action == "registration.decided"
    assert (entry.target_type, entry.target_id) == ("workgroups.registration", str(registration.pk))
    assert entry.target_label == str(registration)
    assert entry.hub == registration.work_group.hub
    assert entry.subject == registration.teacher
    assert (entry.before, entry.after, entry.reason) == ({"status": "applied"}, {"status": "approved"}, "Quota checked")


def test_audit_record_takes_the_hub_of_a_target_that_has_one():
    work_group = WorkGroupFactory()
    entry = audit_record(actor=None, action="workgroup.status_changed", target=work_group)
    assert entry.hub_id == work_group.hub_id
    assert entry.who == "The portal"


def test_audit_record_names_someone_without_an_account_by_label():
    entry = audit_record(actor="Headteacher Pat Head <head@school.example>", action="consent.decided")
    assert entry.actor is None
    assert entry.who == "Headteacher Pat Head <head@school.example>"


def test_audit_record_counts_an_anonymous_user_as_nobody():
    entry = audit_record(actor=AnonymousUser(), action="x.happened")
    assert entry.actor is None


def test_audit_record_keeps_dates_sets_and_objects_as_json():
    hub = HubFactory()
    entry = audit_record(
        actor=None,
        action="hub.updated",
        after={"on": datetime.date(2026, 11, 23), "ids": {3, 1, 2}, "hub": hub},
    )
    entry.refresh_from_db()
    assert entry.after == {"on": "2026-11-23", "ids": [1, 2, 3], "hub": hub.pk}


def test_audit_record_rolls_back_with_the_change_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="x.happened")
        raise RuntimeError
    assert not AuditEntry.objects.exists()


def test_audit_values_reads_fields_relations_and_many_to_many():
    work_group = WorkGroupFactory()
    lead = UserFactory()
    work_group.leads.add(lead)
    values = audit_values(work_group, "status", "hub", "leads")
    assert values == {"status": work_group.status, "hub": work_group.hub_id, "leads": [lead.pk]}


def test_audit_changes_keeps_only_what_changed():
    assert audit_changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})


def test_audit_entries_visible_to_network_staff_hub_managers_and_no_one_else():
    hub, other = HubFactory(), HubFactory()
    mine = audit_record(actor=None, action="x.happened", hub=hub)
    theirs = audit_record(actor=None, action="x.happened", hub=other)
    national = audit_record(actor=None, action="gias.imported")
    lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD).user
    administrator = HubMembershipFactory(hub=hub, role=HubRole.ADMINISTRATOR).user
    team = HubMembershipFactory(hub=hub, role=HubRole.LEADERSHIP_TEAM).user
    ncetm = UserFactory(is_ncetm_staff=True)
    assert set(audit_entries_visible_to(lead)) == {mine}
    assert set(audit_entries_visible_to(administrator)) == {mine}
    assert set(audit_entries_visible_to(team)) == set()
    assert set(audit_entries_visible_to(UserFactory())) == set()
    assert set(audit_entries_visible_to(AnonymousUser())) == set()
    assert set(audit_entries_visible_to(ncetm)) == {mine, theirs, national}
    assert lead.has_perm("accounts.view_audit_trail") and ncetm.has_perm("accounts.view_audit_trail")
    assert not team.has_perm("accounts.view_audit_trail")
