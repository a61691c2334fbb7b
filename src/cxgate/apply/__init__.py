"""Applying a plan: order, executor, writer, journal, way back, lock.

The only code that writes to the org.
"""
