"""``cxgate flow trace``: simulated callers, scenarios, exploration and coverage."""
