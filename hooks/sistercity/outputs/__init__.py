"""Plain-Python outputs for readers and tools: CSV and JSON, the data package, feed and calendar,
JSON-LD, the bibliography, how to cite the site and each record.
"""
