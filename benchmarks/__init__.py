"""Benchmark workloads for s2sgrad (see scripts/bench.py)."""
