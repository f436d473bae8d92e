"""Benchmarks; figures and the commands that reproduce them are in docs/benchmarks.md."""
