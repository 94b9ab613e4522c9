"""What is computed from the record: indicators, the translation status, the evidence still
missing.
"""
