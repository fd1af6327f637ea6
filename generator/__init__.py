"""Static site generator for NAV's statistics on participants in labour-market programmes."""

__version__ = "0.1.0"
