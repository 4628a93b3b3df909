"""Template tags every page shares (``{% load portal %}``): messages placed in their section, and the error
summary of the forms on a page (the GOV.UK pattern: "There is a problem", a link to each field in error)."""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.template.loader import render_to_string
from django.utils.functional import LazyObject

from hubs_portal.feedback import message_section

register = template.Library()


# --------------------------------------------------------------------------- messages


def _render_messages(found, *, section: str | None) -> str:
    return render_to_string("includes/_messages.html", {"found": found, "section": section})


@register.simple_tag(takes_context=True)
def section_messages(context, *name_parts) -> str:
    """The messages for the section whose id is the parts joined with "-" (``{% section_messages "reg" r.pk %}``),
    at the top of that section."""
    name = "-".join(str(part) for part in name_parts)
    found = []
    for message in context.get("messages") or ():
        if message_section(message) == name and not getattr(message, "portal_placed", False):
            message.portal_placed = True
            found.append(message)
    return _render_messages(found, section=name) if found else ""


class PlacingMessagesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # The page's own sections take their messages first; what is left goes above the page.
        inner = self.nodelist.render(context)
        left = [m for m in context.get("messages") or () if not getattr(m, "portal_placed", False)]
        return (_render_messages(left, section=None) if left else "") + inner


@register.tag
def placing_messages(parser, token):
    """Wraps a page's content: messages not shown in one of its sections are shown above it."""
    nodelist = parser.parse(("endplacing_messages",))
    parser.delete_first_token()
    return PlacingMessagesNode(nodelist)


# --------------------------------------------------------------------------- form errors


def _bound_forms(context) -> list[BaseForm]:
    forms, seen = [], set()
    for value in context.flatten().values():
        candidates = []
        if isinstance(value, LazyObject):
            # Never a form; testing it as one would evaluate it (the navigation's roles: two queries).
            continue
        if isinstance(value, BaseForm):
            candidates = [value]
        elif isinstance(value, BaseFormSet):
            candidates = list(value.forms)
        for form in candidates:
            if form.is_bound and id(form) not in seen:
                seen.add(id(form))
                forms.append(form)
    return forms


def _field_anchor(form: BaseForm, name: str) -> str:
    """Where a field's error links to: the form's own choice (``error_anchors = {"school": "school-picker"}``
    for a field its template draws by hand), else the field's input (the first option of a set of radios)."""
    anchors = getattr(form, "error_anchors", {})
    if name in anchors:
        return "#" + anchors[name]
    field = form[name]
    target = field.id_for_label or field.field.widget.id_for_label(field.auto_id, "0") or field.auto_id
    return "#" + (target or "main")


def _named(form: BaseForm, name: str, message: str) -> str:
    # "This field is required." twice says nothing in a summary: name the field it is about.
    label = str(form.fields[name].label or name.replace("_", " ").capitalize()).rstrip(":?")
    return message if message.startswith(label) else f"{label}: {message}"


def error_links(context) -> list[tuple[str, str]]:
    """``(link, message)`` for every error of every bound form on the page, fields in their form's order, each
    field's message led by its label; an error of the whole form links to its first field."""
    links = []
    for form in _bound_forms(context):
        if not form.errors:
            continue
        visible = [f.name for f in form.visible_fields()]
        first = _field_anchor(form, visible[0]) if visible else "#main"
        links.extend((first, message) for message in form.non_field_errors())
        for name in visible:
            links.extend(
                (_field_anchor(form, name), _named(form, name, message)) for message in form.errors.get(name, [])
            )
        for name in form.errors:
            if name != "__all__" and name not in visible:
                links.extend((first, message) for message in form.errors[name])
    return links


@register.simple_tag(takes_context=True)
def form_errors(context) -> list[tuple[str, str]]:
    """``{% form_errors as errors %}``: the page's form errors, for the title prefix and the summary."""
    return error_links(context)


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(errors):
    return {"errors": errors}
