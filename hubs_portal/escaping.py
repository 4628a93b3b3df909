"""HTML escaping for markup written in Python a few thousand values at a time (the reports' tables, the filter
selects' options).

``django.utils.html.conditional_escape`` gives the same text, but each call passes through ``keep_lazy``'s wrapper,
which looks at every argument for a lazy string: ten times the cost of the escaping itself.
"""

import html


def escape_text(value) -> str:
    """``value`` escaped for HTML, as ``conditional_escape`` would, unless it is already safe (has ``__html__``).
    Returns a plain ``str``: the caller marks the markup it builds safe once, as a whole."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
