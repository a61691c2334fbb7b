"""cxgate: Genesys Cloud configuration as reviewed files, with a plan before every write."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
