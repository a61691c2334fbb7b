"""Reading the live org: its objects, facts, dependencies, observations; flows through jobs."""
