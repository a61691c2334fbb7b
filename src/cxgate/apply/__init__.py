"""Applying a plan: order, executor, writer, journal, rollback, lock — the only code that writes to the org."""
