"""The engine's built-in page kinds, one module each; generator.kinds is their registry."""
