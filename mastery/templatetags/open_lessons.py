"""``{% my_open_lessons %}``: the teacher's open-lesson bookings, for My CPD (a Work Groups page), so that app's
views need not import this one."""

from django import template

from mastery.selectors import my_open_lessons as my_open_lessons_selector

register = template.Library()


@register.inclusion_tag("mastery/includes/_my_open_lessons.html", takes_context=True)
def my_open_lessons(context):
    user = context["request"].user
    return {"open_lessons": my_open_lessons_selector(user=user) if user.is_authenticated else None}
