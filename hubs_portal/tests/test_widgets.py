import re

from django import forms

from hubs_portal.widgets import QuickSelect

CHOICES = [
    ("", "Any <hub>"),
    ("1", "A & B"),
    ("2", 'Say "x"'),
    ("Group", [("3", "Three"), ("4", "Four")]),
    ("", [("5", "Five in a group without a name")]),
    (6, "Six, an integer"),
    ("1", "One again: not selected twice"),
]


ATTRIBUTE = re.compile(r' [^ =>]+(?:="[^"]*")?')


def _sorted_attributes(match: re.Match) -> str:
    return "<" + match[1] + "".join(sorted(ATTRIBUTE.findall(match[2]))) + ">"


def _normalised(html: str) -> str:
    """Markup without the whitespace between tags, each tag's attributes in order."""
    return re.sub(r"<(\w+)([^>]*)>", _sorted_attributes, re.sub(r">\s+<", "><", html.strip()))


def test_quick_select_writes_what_django_select_writes_for_each_value():
    attrs = {"class": "form-select", "required": True, "disabled": False}
    for value in ("", "1", "3", "5", None, 2, 6, "6", "missing"):
        django_html = forms.Select(choices=CHOICES, attrs=attrs).render("hub", value, attrs={"id": "id_hub"})
        quick_html = QuickSelect(choices=CHOICES, attrs=attrs).render("hub", value, attrs={"id": "id_hub"})

        assert _normalised(quick_html) == _normalised(django_html)


def test_quick_select_escapes_labels_and_values():
    html = QuickSelect(choices=[('"><script>', "<b>bold</b>")]).render("x", None)

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_quick_select_in_a_form_keeps_the_submitted_choice():
    class Filter(forms.Form):
        phase = forms.ChoiceField(choices=[("", "Any"), ("primary", "Primary")], required=False, widget=QuickSelect)

    html = str(Filter({"phase": "primary"})["phase"])

    assert '<option value="primary" selected>Primary</option>' in html
