"""Who may read what, for whole lists.

Each selector answers for a whole list the question a rule in ``workgroups/rules.py`` answers for one object, so a
list (the API's) shows exactly the objects whose page would open. ``api/tests/test_visibility.py`` checks each pair
agrees, object by object, for every role.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, Value

from accounts.rules import reads_the_network
from hubs.selectors import hubs_managed_by
from workgroups.enums import WorkGroupStatus
from workgroups.models import Attendance, Registration, Session, WorkGroup


def _led_work_group_ids(user):
    return WorkGroup.leads.through.objects.filter(user_id=user.pk).values("workgroup_id")


def _holds_every_permission(user) -> bool:
    # Django gives an active superuser every permission (``User.has_perm``), so the lists give them everything too.
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def workgroups_visible_to(*, user):
    """The Work Groups ``user`` may see (``workgroups.view_workgroup``): every published one, and the drafts of the
    groups they lead or whose hub they manage (site administrators: all). No duplicates (subqueries, not joins)."""
    published = ~Q(status=WorkGroupStatus.DRAFT)
    if not user.is_authenticated:
        return WorkGroup.objects.filter(published)
    if _holds_every_permission(user):
        return WorkGroup.objects.all()
    return WorkGroup.objects.filter(
        published | Q(pk__in=_led_work_group_ids(user)) | Q(hub_id__in=hubs_managed_by(user=user))
    )


def sessions_visible_to(*, user):
    """Sessions of the Work Groups ``user`` may see."""
    return Session.objects.filter(work_group__in=workgroups_visible_to(user=user))


def _people_work_group_ids(user):
    """Ids of the Work Groups whose people ``user`` may see: those they lead, and every one of the hubs they manage.

    One list (a UNION), so a registration is matched on its own ``work_group_id`` by an index: an OR of the two
    tests across the join to the Work Group made PostgreSQL read every registration of the network (170,000 at
    scale 1.0) to find a hub's 5,000."""
    led = _led_work_group_ids(user).order_by()
    managed = WorkGroup.objects.filter(hub_id__in=hubs_managed_by(user=user)).order_by().values("pk")
    return led.union(managed)


def _people_q(user, prefix: str = "") -> Q:
    """Registrations whose people ``user`` may see (``workgroups.view_workgroup_people``): their Work Group's leads
    and its hub's managers."""
    return Q(**{f"{prefix}work_group_id__in": _people_work_group_ids(user)})


class _EqualsAnyOf(Func):
    """``column = ANY(ARRAY(subquery))``: the subquery runs once, first, and the column is matched against its list
    through the column's index in one scan. As ``column IN (subquery)``, PostgreSQL joins the subquery's rows as one
    more table: a hub lead's count and page of ids read a quarter more pages, and took half as long again.

    PostgreSQL guesses such a list short: beside a condition on the primary key (a page's rows) it would scan the
    whole list through the column's index, so the page's rows are read by primary key alone."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def registrations_visible_to(*, user):
    """The registrations ``user`` may read, each annotated ``with_people``.

    Their Work Group's leads and its hub's managers read them with the teacher's and headteacher's personal data
    (``with_people`` true); network readers (``accounts.view_network``) read every registration without it, as
    the network's registrations download gives ids, not names; site administrators read everything. Anyone else
    reads none.
    """
    if not user.is_authenticated:
        return Registration.objects.none()
    if _holds_every_permission(user):
        return Registration.objects.annotate(with_people=Value(True))
    if reads_the_network(user):
        people = ExpressionWrapper(_people_q(user), output_field=BooleanField())
        return Registration.objects.annotate(with_people=people)
    # Only the registrations whose people they may see: each is read with them.
    led_or_managed = _EqualsAnyOf(F("work_group_id"), ArraySubquery(_people_work_group_ids(user)))
    return Registration.objects.filter(led_or_managed).annotate(with_people=Value(True))


def attendance_visible_to(*, user):
    """Attendance marks of the registrations ``user`` may read (see ``registrations_visible_to``)."""
    if not user.is_authenticated:
        return Attendance.objects.none()
    if reads_the_network(user):
        return Attendance.objects.all()
    return Attendance.objects.filter(_people_q(user, prefix="registration__"))
