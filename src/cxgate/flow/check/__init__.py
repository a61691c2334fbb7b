"""``cxgate flow check``: the rules, their findings, and the gate before a deploy."""
