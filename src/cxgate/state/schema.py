"""The state store's schema as append-only migrations, one list per backend.

Both lists hold the same tables and columns (a test compares them); only the SQL dialect
differs. A store records how many migrations ran and runs the rest on open, so an old store
upgrades in place. Never edit a migration that shipped: append a new one (to both lists).

PostgreSQL has no implicit ``rowid``: the tables read in insertion order (``deployments``,
``snapshots``) get an explicit ``rowid`` identity column there, so both backends sort alike;
outbox endpoints sort bytewise (``COLLATE "C"``), as SQLite sorts text.
PostgreSQL declares no foreign keys, since SQLite does not enforce the ones it declares.
"""

from __future__ import annotations

__all__ = ["KEYS", "POSTGRES_MIGRATIONS", "ROWID_TABLES", "SQLITE_MIGRATIONS", "TABLES"]

# Every table and its columns, in order: what both backends must create.
TABLES: dict[str, tuple[str, ...]] = {
    "object_changes": ("org", "kind", "name", "changed_at", "deployment"),
    "owned_objects": ("org", "kind", "object_id", "name", "created_at", "deployment"),
    "deployments": (
        "id",
        "org",
        "env",
        "bundle",
        "username",
        "host",
        "pid",
        "client_id",
        "started_at",
        "status",
        "finished_at",
        "plan_checksum",
        "git_commit",
        "kind",
        "rolls_back",
        "summary",
        "plan",
    ),
    "snapshots": ("deployment", "kind", "name", "object_id", "body", "token", "taken_at"),
    "journal": (
        "seq",
        "deployment",
        "step",
        "phase",
        "kind",
        "name",
        "action",
        "object_id",
        "detail",
        "at",
    ),
    "locks": ("org", "deployment", "username", "host", "pid", "since", "process_start"),
    "outbox": (
        "seq",
        "id",
        "endpoint",
        "type",
        "payload",
        "created_at",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "delivered_at",
        "claimed_by",
        "claimed_until",
    ),
    "checkpoints": ("name", "head", "count", "at"),
}

# The primary key of each table a write replaces rows of (``INSERT OR REPLACE`` / upsert).
KEYS: dict[str, tuple[str, ...]] = {
    "object_changes": ("org", "kind", "name"),
    "owned_objects": ("org", "kind", "object_id"),
    "snapshots": ("deployment", "kind", "name"),
    "locks": ("org",),
    "checkpoints": ("name",),
}

# The PostgreSQL tables with an explicit ``rowid`` (insertion order, as SQLite's implicit one).
ROWID_TABLES = frozenset({"deployments", "snapshots"})

SQLITE_MIGRATIONS: tuple[str, ...] = (
    # 1: when each object last changed, for the minimum interval between changes.
    """
    CREATE TABLE object_changes (
        org TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        changed_at REAL NOT NULL, deployment TEXT,
        PRIMARY KEY (org, kind, name)
    );
    """,
    # 2: objects cxgate created, the only undeclared objects it may delete.
    """
    CREATE TABLE owned_objects (
        org TEXT NOT NULL, kind TEXT NOT NULL, object_id TEXT NOT NULL,
        name TEXT NOT NULL, created_at REAL NOT NULL,
        PRIMARY KEY (org, kind, object_id)
    );
    """,
    # 3: deployments, their snapshots and journal, and the per-org deployment lock.
    """
    ALTER TABLE owned_objects ADD COLUMN deployment TEXT;
    CREATE TABLE deployments (
        id TEXT PRIMARY KEY, org TEXT NOT NULL, env TEXT, bundle TEXT NOT NULL,
        username TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL,
        client_id TEXT NOT NULL, started_at REAL NOT NULL, status TEXT NOT NULL,
        finished_at REAL, plan_checksum TEXT NOT NULL, git_commit TEXT,
        kind TEXT NOT NULL, rolls_back TEXT, summary TEXT NOT NULL, plan TEXT NOT NULL
    );
    CREATE INDEX deployments_org ON deployments (org, started_at);
    CREATE TABLE snapshots (
        deployment TEXT NOT NULL REFERENCES deployments (id), kind TEXT NOT NULL,
        name TEXT NOT NULL, object_id TEXT, body TEXT, token TEXT, taken_at REAL NOT NULL,
        PRIMARY KEY (deployment, kind, name)
    );
    CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        deployment TEXT NOT NULL REFERENCES deployments (id), step INTEGER NOT NULL,
        phase TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, action TEXT NOT NULL,
        object_id TEXT, detail TEXT NOT NULL, at REAL NOT NULL
    );
    CREATE INDEX journal_deployment ON journal (deployment, seq);
    CREATE TABLE locks (
        org TEXT PRIMARY KEY, deployment TEXT NOT NULL, username TEXT NOT NULL,
        host TEXT NOT NULL, pid INTEGER NOT NULL, since REAL NOT NULL,
        process_start TEXT NOT NULL
    );
    """,
    # 4: the webhook outbox (at least once, in order per endpoint) and chain checkpoints.
    """
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        endpoint TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
        created_at REAL NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at REAL NOT NULL, last_error TEXT NOT NULL, delivered_at REAL,
        claimed_by TEXT, claimed_until REAL
    );
    CREATE INDEX outbox_pending ON outbox (status, endpoint, seq);
    CREATE TABLE checkpoints (
        name TEXT PRIMARY KEY, head TEXT NOT NULL, count INTEGER NOT NULL, at REAL NOT NULL
    );
    """,
)

POSTGRES_MIGRATIONS: tuple[str, ...] = (
    # 1: when each object last changed, for the minimum interval between changes.
    """
    CREATE TABLE object_changes (
        org text NOT NULL, kind text NOT NULL, name text NOT NULL,
        changed_at double precision NOT NULL, deployment text,
        PRIMARY KEY (org, kind, name)
    );
    """,
    # 2: objects cxgate created, the only undeclared objects it may delete.
    """
    CREATE TABLE owned_objects (
        org text NOT NULL, kind text NOT NULL, object_id text NOT NULL,
        name text NOT NULL, created_at double precision NOT NULL,
        PRIMARY KEY (org, kind, object_id)
    );
    """,
    # 3: deployments, their snapshots and journal, and the per-org deployment lock.
    """
    ALTER TABLE owned_objects ADD COLUMN deployment text;
    CREATE TABLE deployments (
        id text PRIMARY KEY, org text NOT NULL, env text, bundle text NOT NULL,
        username text NOT NULL, host text NOT NULL, pid bigint NOT NULL,
        client_id text NOT NULL, started_at double precision NOT NULL, status text NOT NULL,
        finished_at double precision, plan_checksum text NOT NULL, git_commit text,
        kind text NOT NULL, rolls_back text, summary text NOT NULL, plan text NOT NULL,
        rowid bigint GENERATED BY DEFAULT AS IDENTITY
    );
    CREATE INDEX deployments_org ON deployments (org, started_at);
    CREATE TABLE snapshots (
        deployment text NOT NULL, kind text NOT NULL,
        name text NOT NULL, object_id text, body text, token text,
        taken_at double precision NOT NULL,
        rowid bigint GENERATED BY DEFAULT AS IDENTITY,
        PRIMARY KEY (deployment, kind, name)
    );
    CREATE TABLE journal (
        seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        deployment text NOT NULL, step bigint NOT NULL,
        phase text NOT NULL, kind text NOT NULL, name text NOT NULL, action text NOT NULL,
        object_id text, detail text NOT NULL, at double precision NOT NULL
    );
    CREATE INDEX journal_deployment ON journal (deployment, seq);
    CREATE TABLE locks (
        org text PRIMARY KEY, deployment text NOT NULL, username text NOT NULL,
        host text NOT NULL, pid bigint NOT NULL, since double precision NOT NULL,
        process_start text NOT NULL
    );
    """,
    # 4: the webhook outbox (at least once, in order per endpoint) and chain checkpoints.
    """
    CREATE TABLE outbox (
        seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE,
        endpoint text COLLATE "C" NOT NULL, type text NOT NULL, payload text NOT NULL,
        created_at double precision NOT NULL, status text NOT NULL, attempts bigint NOT NULL,
        next_attempt_at double precision NOT NULL, last_error text NOT NULL,
        delivered_at double precision, claimed_by text, claimed_until double precision
    );
    CREATE INDEX outbox_pending ON outbox (status, endpoint, seq);
    CREATE TABLE checkpoints (
        name text PRIMARY KEY, head text NOT NULL, count bigint NOT NULL,
        at double precision NOT NULL
    );
    """,
)
