"""Decide what the site says: routes, pages, tables, figures and their summaries, as plain data."""
