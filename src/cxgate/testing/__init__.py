"""Generators and servers for tests and benchmarks: synthetic flows and orgs, a PostgreSQL."""
