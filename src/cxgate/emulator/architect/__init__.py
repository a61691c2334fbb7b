"""Architect in the emulator: flows, versions, locks, async operations, import/export jobs.

The route modules (``routes/flows.py``, ``routes/flow_actions.py``, ``routes/flow_jobs.py``,
``routes/presigned.py``) stay thin; the behaviour lives here so seeds and tests share it.
"""
