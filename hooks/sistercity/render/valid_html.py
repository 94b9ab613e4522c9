"""Make Material's page markup valid HTML (W3C Nu HTML Checker), where its templates are not.

Two faults come from Material for MkDocs 9.8's base.html and partials, on every page, and neither
can be overridden by a block:
- `autocomplete="off"` on the drawer and search toggles, which are checkboxes: the attribute is
  only allowed on text-like inputs. (Material sets it so that Firefox does not restore an open
  menu or search when a page is reloaded; without it, that is the worst that can happen.)
- the table of contents' title `<label for="__toc">` on a page that is not in the navigation:
  only the navigation writes the `__toc` checkbox, so the label points at nothing.
The fixes are exact string replacements; when Material changes its markup they do nothing, and the
validator test (tests/test_html_valid.py) says what is left.
"""

from __future__ import annotations

_TOGGLES = (
    (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    ),
    (
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
    ),
)
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_html(page: str) -> str:
    """The page's HTML with Material's two invalid constructs mended (see the module docstring)."""
    for invalid, valid in _TOGGLES:
        page = page.replace(invalid, valid, 1)
    if _TOC_LABEL in page and 'id="__toc"' not in page:
        page = page.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return page
