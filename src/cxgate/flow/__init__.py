"""Architect flows offline: read Archy YAML into a graph, check it, trace callers, draw it."""
