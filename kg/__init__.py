"""kg: knowledge graphs from Chinese official documents (党政机关公文)."""

__version__ = "0.1.0"
