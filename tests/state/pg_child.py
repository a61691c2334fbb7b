"""Processes the PostgreSQL tests start (``python pg_child.py COMMAND URL [ARG]``).

``hold URL ORG``: take ORG's deployment lock, say ``held``, then wait to be killed.
``deliver URL NAME``: say ``ready``, wait for a line, then claim and deliver until the outbox
has nothing pending, printing each event id delivered.
``migrate URL``: open the store on a connection that reports lock waits (``waiting``), then
print the schema version it ends at.
"""

from __future__ import annotations

import os
import sys
import time

import psycopg

from cxgate.state.postgres import PostgresStore
from cxgate.state.records import EventStatus, LockHolder

_WAITS = "-c client_min_messages=log -c log_lock_waits=on -c deadlock_timeout=10ms"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def hold(url: str, org: str) -> None:
    store = PostgresStore.connect(url)
    holder = LockHolder(org, "d-dead", "ci", "runner-1", os.getpid(), 1.0, "start")
    assert store.acquire_lock(holder) is None
    _say("held")
    sys.stdin.read()


def deliver(url: str, name: str) -> None:
    with PostgresStore.connect(url) as store:
        _say("ready")
        sys.stdin.readline()
        while store.outbox_events(EventStatus.PENDING):
            for event in store.claim_events(time.time(), limit=5, lease_s=300, claimer=name):
                _say(event.id)
                store.mark_delivered(event.id)


def migrate(url: str) -> None:
    conn = psycopg.connect(url, autocommit=True, options=_WAITS)
    conn.add_notice_handler(
        lambda notice: "still waiting" in notice.message_primary and _say("waiting")
    )
    with PostgresStore(conn) as store:
        _say(str(store.schema_version))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"hold": hold, "deliver": deliver, "migrate": migrate}[command](*args)
