"""Archy YAML into a FlowGraph: decoding, values, action lists, menus, references."""
