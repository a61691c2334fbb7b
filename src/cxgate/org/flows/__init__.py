"""Flows against a live org: deploy through import jobs, list versions, switch and roll back.

The only flow code that does I/O, and only through ``GenesysClient``. Reading, checking and
tracing flows (the rest of ``cxgate.flow``) stays offline; these modules call it before they
write anything.
"""
