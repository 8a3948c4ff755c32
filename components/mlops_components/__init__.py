"""Reusable time-series ML components organised by atomic design (atoms, molecules, organisms)."""

__version__ = "0.1.0"
