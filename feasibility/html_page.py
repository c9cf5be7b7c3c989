"""One HTML page around a report's parts, with the reports' shared style.

Example:
    >>> page = html_page("Re-plan", ["<h1>Re-plan</h1>"])
    >>> page.startswith("<!DOCTYPE html>"), "<title>Re-plan</title>" in page
    (True, True)
"""

from __future__ import annotations

import html
from collections.abc import Sequence

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 75em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
th { background: #f2f2f2; } img { max-width: 100%; border: 1px solid #eee; }
.yes { color: #2a7d2a; } .no { color: #b22222; }
"""


def html_page(title: str, parts: Sequence[str]) -> str:
    """A whole HTML document: ``title`` and the ``parts`` (HTML) one after another."""
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )
