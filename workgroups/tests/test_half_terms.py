import datetime
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command

from workgroups.models import HalfTerm

pytestmark = pytest.mark.django_db


def test_half_terms_defaults_give_six_network_half_terms_once():
    call_command("half_terms", "--year", "2025", "--defaults", stdout=StringIO())
    call_command("half_terms", "--year", "2025", "--defaults", stdout=StringIO())

    terms = list(HalfTerm.objects.filter(hub__isnull=True).order_by("number"))
    assert [t.number for t in terms] == [1, 2, 3, 4, 5, 6]
    assert all(t.starts_on.weekday() < 5 and t.ends_on.weekday() < 5 for t in terms)
    assert all(a.ends_on < b.starts_on for a, b in pairwise(terms))


def test_half_terms_for_a_hub_override_the_network(hub):
    call_command("half_terms", "--year", "2025", "--defaults", stdout=StringIO())
    out = StringIO()

    call_command("half_terms", "--year", "2025", "--hub", hub.slug, "1:2025-09-04:2025-10-17", stdout=out)
    call_command("half_terms", "--year", "2025", "--hub", hub.slug, "--list", stdout=out)

    own = HalfTerm.objects.get(hub=hub, number=1)
    assert own.starts_on == datetime.date(2025, 9, 4)
    assert "04/09/2025 – 17/10/2025 (Alpha)" in out.getvalue()


@pytest.mark.parametrize(
    "entry", ["1:2025-10-01:2025-09-01", "7:2025-09-01:2025-10-01", "1:2024-09-01:2024-10-01", "nonsense"]
)
def test_half_terms_bad_entries_are_refused(entry):
    with pytest.raises(CommandError):
        call_command("half_terms", "--year", "2025", entry, stdout=StringIO())
    assert not HalfTerm.objects.exists()
