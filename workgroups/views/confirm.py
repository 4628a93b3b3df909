"""The confirmation page every destructive action goes through: what will happen, who will be told, one button.

A destructive view renders ``render_confirmation`` on GET (and on a POST without ``confirm=yes``, so an old
one-click form changes nothing), and acts only on a POST carrying ``confirm=yes``. After acting it redirects to the
section of the page acted on (a URL #fragment naming the section's id).
"""

from dataclasses import dataclass, field

from django.shortcuts import render


@dataclass
class Confirmation:
    title: str  # "Cancel NCP24-12-MAT-01?"
    action: str  # where the form posts
    back: str  # where "Go back" leads (the section acted on)
    back_label: str
    button: str  # "Cancel the Work Group"
    happens: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    items_heading: str = ""
    items: list[str] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)  # carried with the confirmation (ticked ids)
    refusal: str = ""  # the action cannot be done: say why, offer no button


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def render_confirmation(request, confirmation: Confirmation, *, form=None, status: int = 200):
    return render(request, "workgroups/confirm.html", {"confirm": confirmation, "form": form}, status=status)


def count_of(number: int, singular: str, plural: str = "") -> str:
    """ "1 participant", "3 participants", "no participants"."""
    if number == 0:
        return f"no {plural or singular + 's'}"
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
