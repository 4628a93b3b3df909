"""Places on the British National Grid (eastings and northings in metres) and distances between them.

GIAS gives every school its grid reference, and a Work Group's venue has one (its school's, or typed by
the hub), so distances need no outside service: the straight line on the grid is accurate to well under
one per cent across England, which is all "12 km from your school" needs. Distances are computed in the
database, so a list can be ordered and filtered by them in the one query that reads it.
"""

from dataclasses import dataclass

from django.db.models import Expression, F, FloatField, Func, Value
from django.db.models.functions import Cast

# The grid's extent: Great Britain lies within 0–700 km east and 0–1,300 km north of the false origin.
GRID_MAX_EASTING = 700_000
GRID_MAX_NORTHING = 1_300_000


@dataclass(frozen=True)
class GridPoint:
    easting: int
    northing: int


def _float(value) -> Expression:
    """A float expression: a field name, an expression or a number.

    Cast before subtracting: eastings are integers, and a squared difference of two integer
    columns (up to 4.9 × 10¹¹) overflows PostgreSQL's integer.
    """
    if isinstance(value, str):
        value = F(value)
    elif not isinstance(value, Expression) and not hasattr(value, "resolve_expression"):
        value = Value(float(value))
    return Cast(value, FloatField())


class GridDistance(Func):
    """``SQRT((ea - eb)² + (na - nb)²)`` of four float expressions, each compiled once.

    The ORM's own arithmetic (``Sqrt(east * east + north * north)``) compiles every operand twice, and a
    venue's coordinate is a ``CASE``: that was most of the time the find page spent building its query.
    """

    output_field = FloatField()
    arity = 4

    def as_sql(self, compiler, connection, **extra_context):
        (ea, ea_params), (na, na_params), (eb, eb_params), (nb, nb_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"SQRT((({ea}) - ({eb})) * (({ea}) - ({eb})) + (({na}) - ({nb})) * (({na}) - ({nb})))"
        params = (*ea_params, *eb_params, *ea_params, *eb_params, *na_params, *nb_params, *na_params, *nb_params)
        return sql, params


def grid_distance(easting_a, northing_a, easting_b, northing_b) -> Expression:
    """The straight-line distance in metres between two grid references, as a database expression.

    Each argument is a field name (``"venue_easting"``, ``"school__easting"``), an expression or a
    number. The result is a float, NULL when any of the four is NULL (a school or venue without a
    grid reference, an online Work Group), so ``order_by(F("distance").asc(nulls_last=True))`` puts
    those last. Works on PostgreSQL and SQLite (Django gives SQLite its SQRT).
    """
    return GridDistance(_float(easting_a), _float(northing_a), _float(easting_b), _float(northing_b))


def grid_distance_from(point: GridPoint, easting, northing) -> Expression:
    """``grid_distance`` from a fixed ``point`` to the grid reference in ``easting``/``northing``."""
    return grid_distance(point.easting, point.northing, easting, northing)


def grid_point_of(obj) -> GridPoint | None:
    """The grid point of anything with ``easting`` and ``northing`` (a school), or None when either is unknown."""
    easting, northing = getattr(obj, "easting", None), getattr(obj, "northing", None)
    if easting is None or northing is None:
        return None
    return GridPoint(easting, northing)


def kilometres(metres: float | None) -> int | None:
    """Whole kilometres for people to read ("12 km"); under a kilometre reads 1 km rather than 0."""
    if metres is None:
        return None
    return max(1, round(metres / 1000))
