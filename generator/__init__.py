"""Open-data publication generator: load, validate, render and build a static site."""
