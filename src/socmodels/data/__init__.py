"""Data shipped with socmodels (read with importlib.resources)."""
