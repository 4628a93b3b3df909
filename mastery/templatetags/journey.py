"""``{{ school.journey_rank|journey_stage_label }}``: a Teaching for Mastery stage's name from its rank (the hub's
school list annotates ``journey_rank``, ``mastery.journey``)."""

from django import template

from mastery.journey import stage_label

register = template.Library()


@register.filter
def journey_stage_label(rank) -> str:
    return stage_label(rank)
