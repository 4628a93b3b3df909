"""Messages after an action, shown where the person is: in the section of the page they acted on.

A view that acts on one part of a long page (approve registrations, cancel a session) says so and sends the
person back to that part::

    from hubs_portal.feedback import message_at, redirect_to_section

    message_at(request, "registrations", f"{count} registration(s) approved.")
    return redirect_to_section("workgroups:manage", work_group.pk, section="registrations")

The page marks the section with the same id and shows its messages with
``{% load portal %}{% section_messages "registrations" %}`` at its top. The redirect's ``#registrations``
scrolls there, the message is announced (``role="status"``, errors ``role="alert"``) and ``portal.js`` moves
focus to it. A message whose section the page does not have is shown at the top of the page, so none is lost.
Messages added with Django's own ``messages.success(...)`` appear at the top of the page, as before.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url

SECTION_TAG = "section:"


def message_at(request, section: str, text: str, *, level: int = messages.SUCCESS) -> None:
    """Queue ``text`` for the page section whose id is ``section`` (errors: ``level=messages.ERROR``)."""
    messages.add_message(request, level, text, extra_tags=f"{SECTION_TAG}{section}")


def redirect_to_section(to, *args, section: str, **kwargs) -> HttpResponseRedirect:
    """A redirect to ``to`` (a URL name with its arguments, or a URL) that lands on the element ``#section``."""
    url = resolve_url(to, *args, **kwargs)
    return HttpResponseRedirect(f"{url.split('#', 1)[0]}#{section}")


def message_section(message) -> str | None:
    """The section a message belongs to (``None``: the top of the page)."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(SECTION_TAG):
            return tag[len(SECTION_TAG) :]
    return None
