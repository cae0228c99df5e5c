"""The pure domain of isoback: routines, plans, the session engine and records.

Nothing in this package imports Textual; a test proves it.
"""
