"""One dataset from every source: the complete grid of counts, revisions and named checks."""
