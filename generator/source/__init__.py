"""Read NAV's files: bytes → tables → tidy records, one module per input format."""
