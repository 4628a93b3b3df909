"""The hubs' people in the synthetic network: each hub's lead, administrator and leadership team, its lead
schools, the local leaders who lead Work Groups, and five cohorts of Mastery Specialists with their accreditations."""

from hubs.enums import HubRole
from hubs.seeding import catalogue as c
from hubs.seeding.accreditations import plan_accreditations
from hubs.seeding.register import person_name
from mastery.models import Cohort


def plan_people(programme) -> None:
    """Each hub's lead, administrator and leadership team, lead schools, local leaders and Mastery Specialists."""
    rng = programme.rng
    current = programme.years[-1].start_year
    for hub in programme.hubs:
        schools = programme.register.by_hub[hub.pk]
        for role, title in (
            (HubRole.LEAD, "Hub lead"),
            (HubRole.ADMINISTRATOR, "Hub manager"),
            (HubRole.LEADERSHIP_TEAM, "Secondary lead"),
            (HubRole.LEADERSHIP_TEAM, "Primary lead"),
        ):
            email = f"{role.replace('_', '-')}.{hub.slug}.{len(programme.rows['membership'])}@{c.EMAIL_DOMAIN}"
            user = programme.user(person_name(rng), schools[0] if schools else None, email=email)
            programme.rows["membership"].append(
                {"id": programme.next_id("membership"), "hub_id": hub.pk, "user_id": user, "role": role, "title": title}
            )
            if role == HubRole.LEAD:
                programme.hub_lead[hub.pk] = user
        if schools and not hub.lead_schools.exists():
            for school in schools[: rng.choice([1, 1, 2])]:
                programme.rows["lead_school"].append(
                    {"id": programme.next_id("lead_school"), "hub_id": hub.pk, "school_id": school.id}
                )
        leaders = max(2, round(6 * programme.scale * programme.hub_size[hub.pk] / programme.mean_hub_size))
        programme.local_leaders[hub.pk] = [
            programme.user(person_name(rng), rng.choice(schools)) for _ in range(leaders)
        ]
    cohort = round(c.SPECIALISTS_PER_COHORT * programme.scale)
    for year in programme.years:
        # A handful of rows (a primary and a secondary cohort a year): made here, before the specialists' rows.
        cohorts = {
            phase: Cohort.objects.get_or_create(academic_year=year, phase=phase)[0].pk
            for phase in ("primary", "secondary")
        }
        for hub in programme.hubs:
            schools = programme.register.by_hub[hub.pk]
            count = max(1, round(cohort * programme.hub_size[hub.pk] / (programme.mean_hub_size * len(programme.hubs))))
            for _ in range(count):
                school = rng.choice(schools)
                user = programme.user(person_name(rng), school)
                programme.specialists[hub.pk].append((user, year.start_year))
                age = current - year.start_year
                roll = rng.random()
                cohort_phase = "secondary" if school.phase == "secondary" else "primary"
                specialist = programme.next_id("specialist")
                programme.rows["specialist"].append(
                    {
                        "id": specialist,
                        "user_id": user,
                        "hub_id": hub.pk,
                        "cohort_id": cohorts[cohort_phase],
                        "programme_year": min(3, age + 1),
                        # From the user's id, not the generator: the rest of the network stays as it was.
                        "training_days_attended": (10 if age >= 1 else 0) + user % 6,
                        "launch_attendee": "headteacher" if roll < 0.7 else "senior_leader",
                    }
                )
                plan_accreditations(
                    programme,
                    specialist=specialist,
                    user=user,
                    cohort_phase=cohort_phase,
                    start_year=year.start_year,
                    roll=roll,
                )
