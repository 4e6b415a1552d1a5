"""Open-data publication generator: load, validate, render and build a static site."""

# The one place the version is written: pyproject.toml reads it (tool.setuptools.dynamic)
# and `opendata --version` prints it. Nothing else is imported here, so the command line
# starts without loading the engine.
__version__ = "0.1.0"
