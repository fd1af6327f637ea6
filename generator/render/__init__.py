"""Turn chart specs into inline SVG and compiled Vega: vl-convert, SVG slimming, workers, cache."""
