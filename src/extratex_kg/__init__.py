"""extratex-kg: the knowledge graph of the EXTRATEX cluster partnership."""

__version__ = "0.1.0"
