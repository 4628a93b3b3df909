"""The find page's lists to filter by (every hub; this year's and next year's national projects), kept in the cache.

Read on every visit, they cost two queries and most of the form's time, yet change a few times a year. They are kept
in the cache (Redis in production, shared by the workers) under a version: saving or deleting a hub, a national project
or an academic year gives the lists a new version at once and again when its transaction commits, so no page shows a
list older than the last change. The second bump closes the gap where a page reads the lists between the save and
the commit (it still sees the old rows) and stores them under the first bump's version. A queryset's ``update()`` or
a bulk insert sends no signal: call ``find_options_changed()`` after one.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from hubs.models import Hub
from workgroups.models import AcademicYear, NationalProject
from workgroups.selectors.lists import projects_open_for_work_groups

OPTIONS_KEPT_SECONDS = 24 * 60 * 60  # a version's lists; a change moves to a new version long before
_last_read: dict = {}  # this process's last lists, by their key: a page then asks the cache for the version only


@dataclass(frozen=True)
class FindOptions:
    """``(pk, label)`` pairs in the order offered: hubs by name, projects by code (labels as their ``str()``)."""

    hubs: tuple[tuple[int, str], ...]
    projects: tuple[tuple[int, str], ...]


def _key(name: str) -> str:
    # One Redis may serve several databases (the benchmark's networks, a developer's copies): their ids differ.
    return f"workgroups:find-options:{connection.settings_dict['NAME']}:{name}"


def _read_options() -> FindOptions:
    hubs = Hub.objects.order_by("name").values_list("pk", "name")
    projects = projects_open_for_work_groups().order_by("code").values_list("pk", "code", "title")
    return FindOptions(
        hubs=tuple((pk, str(Hub(name=name))) for pk, name in hubs),
        projects=tuple((pk, str(NationalProject(code=code, title=title))) for pk, code, title in projects),
    )


def find_filter_options() -> FindOptions:
    """Every hub and the national projects an open Work Group can be of (``projects_open_for_work_groups``), as of
    the last change: from the cache, or two queries when it has none."""
    # The projects offered move on with the academic year: each year's lists are kept apart.
    current = AcademicYear.start_year_for(timezone.localdate())
    version = cache.get_or_set(_key("version"), time.time_ns, timeout=None)
    key = _key(f"{version}:{current}")
    options = _last_read.get(key) or cache.get(key)
    if options is None:
        options = _read_options()
        cache.set(key, options, timeout=OPTIONS_KEPT_SECONDS)
    if key not in _last_read:
        _last_read.clear()
        _last_read[key] = options
    return options


def _new_version() -> None:
    cache.set(_key("version"), time.time_ns(), timeout=None)


def find_options_changed() -> None:
    """The hubs or projects changed: the next find page reads its lists afresh, now and after the commit."""
    _new_version()
    transaction.on_commit(_new_version)


def find_options_changed_receiver(sender, **kwargs) -> None:
    """``post_save`` and ``post_delete`` of ``Hub``, ``NationalProject`` and ``AcademicYear``."""
    find_options_changed()
