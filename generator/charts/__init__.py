"""Vega-Lite specs for the planned figures: house style, scales and one module per chart kind."""
