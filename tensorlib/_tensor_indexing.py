"""Indexing: basic (views) and advanced (copies) reads and writes."""


class IndexingMixin:
    pass
