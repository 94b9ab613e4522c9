"""Pages rendered from the record: page paths, Jinja templates, figures, interface words and
terminology, the markers of hand-written pages, edit links, HTML mending.
"""
