"""Procedure knowledge base: YAML sources, validation, database, resolver and search."""
