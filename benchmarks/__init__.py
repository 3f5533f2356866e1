"""Benchmarks: each `bench_*` module prints a table comparing our way with the naive way."""
