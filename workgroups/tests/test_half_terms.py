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


def _post(year, **dates):
    data = {}
    for number in range(1, 7):
        start, end = dates.get(f"t{number}", ("", ""))
        data[f"start_{number}"], data[f"end_{number}"] = start, end
    return data


def test_hub_half_terms_page_saves_own_dates_and_clears_back_to_network(client, hub, hub_lead):
    from django.urls import reverse

    call_command("half_terms", "--year", "2025", "--defaults", stdout=StringIO())
    client.force_login(hub_lead)
    url = reverse("workgroups:half_terms", args=[hub.slug]) + "?year=2025"

    client.post(url, _post(2025, t1=("2025-09-04", "2025-10-17"), t2=("2025-10-27", "2025-12-19")))
    assert set(HalfTerm.objects.filter(hub=hub).values_list("number", flat=True)) == {1, 2}
    page = client.get(url).content.decode()
    assert 'value="2025-09-04"' in page

    client.post(url, _post(2025, t1=("2025-09-04", "2025-10-17")))
    assert list(HalfTerm.objects.filter(hub=hub).values_list("number", flat=True)) == [1]


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"t1": ("2025-09-04", "")}, "Give both dates"),
        ({"t1": ("2025-09-04", "2025-10-30"), "t2": ("2025-10-27", "2025-12-19")}, "must start after"),
        ({"t1": ("2026-09-04", "2026-10-17")}, "must lie within"),
    ],
)
def test_hub_half_terms_page_refuses_bad_dates_and_saves_nothing(client, hub, hub_lead, dates, message):
    from django.urls import reverse

    client.force_login(hub_lead)

    response = client.post(reverse("workgroups:half_terms", args=[hub.slug]) + "?year=2025", _post(2025, **dates))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HalfTerm.objects.filter(hub=hub).exists()


def test_hub_half_terms_page_of_another_hub_answers_404(client, hub, other_hub_lead):
    from django.urls import reverse

    client.force_login(other_hub_lead)

    assert client.get(reverse("workgroups:half_terms", args=[hub.slug])).status_code == 404
