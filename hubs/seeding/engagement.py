"""Which schools take part in a year, and in which Work Groups: each year is planned around its engagement figure.

A share of each hub's open schools (near the network's published figure, varying by hub, most schools returning
from the year before) is chosen first, each chosen school joins one project (a quarter join a second), and each
project's schools are grouped into Work Groups of the project's size. So every chosen school has an approved
teacher, and the number of Work Groups follows from the schools, at any scale.
"""

from hubs.seeding import catalogue as c
from hubs.seeding.register import SchoolPlan


def engagement_target(start_year: int) -> float:
    if start_year in c.ENGAGEMENT:
        return c.ENGAGEMENT[start_year]
    return c.ENGAGEMENT_LATER if start_year > max(c.ENGAGEMENT) else c.ENGAGEMENT_EARLIER


def choose_engaged(rng, schools: list[SchoolPlan], share: float, before: set[int]) -> list[SchoolPlan]:
    """About ``share`` of a hub's ``schools``, most of those engaged the year before (``before``: their ids) first."""
    target = min(len(schools), round(len(schools) * min(0.95, share)))
    returning = [s for s in schools if s.id in before and rng.random() < c.RETURNING]
    others = [s for s in schools if s.id not in before]
    rng.shuffle(returning)
    rng.shuffle(others)
    chosen = (returning + others)[:target]
    if len(chosen) < target:
        chosen += [s for s in schools if s not in chosen][: target - len(chosen)]
    return chosen


def groups_of(schools: list[SchoolPlan], size: tuple[int, int]) -> list[list[SchoolPlan]]:
    """The project's schools in Work Groups of about its size, as even as the number allows, each group's
    schools near one another (the same local authority where possible)."""
    if not schools:
        return []
    count = max(1, round(len(schools) / ((size[0] + size[1]) / 2)))
    while len(schools) / count > size[1] + 1:
        count += 1
    ordered = sorted(schools, key=lambda school: (school.la_id, school.urn))
    groups, start = [], 0
    for n in range(count):
        end = start + len(ordered) // count + (1 if n < len(ordered) % count else 0)
        groups.append(ordered[start:end])
        start = end
    return groups


def dissolve_small(queues: dict[str, list[SchoolPlan]]) -> None:
    """A project with too few schools for one Work Group is not run by the hub that year: its schools join
    another project open to them (at small scales only the larger projects run)."""
    shapes = {shape.number: shape for shape in c.PROJECTS}
    kept: set[str] = set()
    while True:
        small = [n for n, q in queues.items() if q and len(q) < shapes[n].schools[0] and n not in kept]
        if not small:
            return
        number = min(small, key=lambda n: (len(queues[n]), n))
        moves = []
        for school in queues[number]:
            running = [
                n for n, q in queues.items() if q and n != number and school.phase in c.RECRUITS[shapes[n].phase]
            ]
            moves.append((school, max(running, key=lambda n: (len(queues[n]), n)) if running else None))
        if any(target is None for _, target in moves):
            kept.add(number)  # some of its schools have no other project: it runs, small
            continue
        queues[number] = []
        for school, target in moves:
            if school not in queues[target]:  # already there through a second project
                queues[target].append(school)
