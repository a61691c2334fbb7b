"""Records: what every change leaves behind, and who hears of it.

``chain``: the hash-chained audit log (JSON Lines, rotation, checkpoint, verify).
``redact``: secrets scrubbed before anything is written. ``events``: audit events and webhook
payloads. ``signing``, ``webhooks``, ``outbox``: signed webhooks through the durable outbox.
``deployment``: the apply engine's hooks that write all of it. ``metrics``: Prometheus.
``report``: deployments, latency percentiles, rates. ``remote``: the org's own audit trail.
``wfm``: the workforce-management export.
"""
