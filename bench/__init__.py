"""Benchmarks and evaluations that print figures (never timed assertions in tests)."""
