"""The data contract and its loading: the site's languages, reading YAML with line numbers, the
models, checking, the cross-referenced Dataset and the editors' JSON Schemas.
"""
