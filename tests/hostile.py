"""The hostile server moved to ``cxgate.testing.hostile`` (bench/chaos.py uses it too)."""

from cxgate.testing.hostile import Answer, HostileServer, json_answer, unreachable_url

__all__ = ["Answer", "HostileServer", "json_answer", "unreachable_url"]
