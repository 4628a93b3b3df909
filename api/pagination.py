from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from rest_framework import pagination

# The name the list's count is read under, beside each id of the page.
COUNT = "page_list_count"
# PostgreSQL's OFFSET and LIMIT are bigints: a page past them is past any list's last.
LAST_ROW = 2**63 - 1


class IdsFirstPaginator(Paginator):
    """Finds a page's ids first, with the list's count beside them, then reads only those rows with everything
    joined to them.

    A page of a long list (a hub's 5,000 registrations, the network's 170,000) sliced as it is would have
    PostgreSQL join the teacher, school and Work Group of every row it passes to reach the page, then sort and
    keep 100: 100–300 ms, and seconds for page 1,000. The ids alone come from the registrations' own indexes; the
    second query reads 100 rows by primary key. The page keeps the list's order and its annotations.

    The count is a subquery of the ids' query (PostgreSQL runs it once, before the rest): one query and one round
    trip fewer than asking for it first. A page past the last reads no ids, so no count: it is refused as Django's
    paginator refuses it (page 1 of an empty list is the empty page). A list of groups or distinct rows, whose
    count that subquery would not give, is counted first as Django does.

    ``rows`` (a view's ``page_rows``) reads the page itself: it is given the page's ids in order, each as a dict
    of its ``pk`` and the annotations named by ``values`` (a view's ``page_values``), and returns the page's rows.
    """

    def __init__(self, *args, rows=None, values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.values = tuple(values)

    def page(self, number):
        if not self._counts_with_ids():
            return super().page(number)
        number = self._number(number)
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page > LAST_ROW:
            raise EmptyPage(self.error_messages["no_results"])
        counted = self.object_list.annotate(**{COUNT: _count_of(self.object_list)})
        found = list(counted.values("pk", *self.values, COUNT)[bottom : bottom + self.per_page])
        if not found and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self.count = found[0][COUNT] if found else 0  # sets the cached property
        if not found and not self.allow_empty_first_page:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(self._page_rows(found), number, self)

    def _number(self, number) -> int:
        """The page number as ``validate_number`` checks it, but for the upper bound: the count comes with the page."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def _counts_with_ids(self) -> bool:
        if not isinstance(self.object_list, QuerySet) or self.orphans:
            return False
        query = self.object_list.query
        return not (query.distinct or query.combinator or query.group_by is not None or query.is_sliced)

    def _page_rows(self, found: list[dict]) -> list:
        if self.rows is not None:
            return self.rows(found)
        ids = [row["pk"] for row in found]
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]

    def _get_page(self, object_list, number, paginator):
        if isinstance(object_list, QuerySet):  # a page of a list counted first (``_counts_with_ids``)
            object_list = self._page_rows(list(object_list.values("pk", *self.values)))
        return super()._get_page(object_list, number, paginator)


def _count_of(queryset: QuerySet) -> Subquery:
    """``queryset.count()`` as a subquery (COUNT as a plain function: as an aggregate, Django would group by)."""
    return Subquery(queryset.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField())))


class PageNumberPagination(pagination.PageNumberPagination):
    """``count``, ``next``, ``previous`` and ``results``; 50 a page, ``page_size`` up to 100."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.page_rows = getattr(view, "page_rows", None)
        self.page_values = getattr(view, "page_values", ())
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        """DRF makes its paginator with this (as a class): the ids-first one, reading rows as the view says."""
        return IdsFirstPaginator(
            object_list, per_page, rows=getattr(self, "page_rows", None), values=getattr(self, "page_values", ())
        )
