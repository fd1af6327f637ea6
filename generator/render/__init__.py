"""Turn chart specs into inline SVG and compiled Vega: vega.py renders one spec with vl-convert,
svg.py slims its SVG into one labelled image, pool.py makes the build's charts in worker
processes, and cache.py keeps made charts between builds."""
