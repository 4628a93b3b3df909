"""Distances for people to read: ``{{ work_group.distance_m|kilometres }} km``."""

from django import template

from schools.grid import kilometres as _kilometres

register = template.Library()


@register.filter
def kilometres(metres):
    """Whole kilometres (under one reads 1); empty for an unknown distance."""
    value = _kilometres(metres)
    return "" if value is None else value
