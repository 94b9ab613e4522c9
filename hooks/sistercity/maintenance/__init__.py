"""Maintainers' tools that run outside the site build: the data check, proposals from issue forms,
the link-rot watch.
"""
