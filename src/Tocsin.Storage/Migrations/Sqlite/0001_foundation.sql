-- Tenants, API keys, alerts, timeline and idempotency records. Times are unix milliseconds (UTC).
CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    alert_seq   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    hash        BLOB NOT NULL UNIQUE,
    permissions TEXT NOT NULL,
    user_id     INTEGER,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX ix_api_keys_tenant ON api_keys(tenant_id, id);

CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants(id),
    number           INTEGER NOT NULL,
    title            TEXT NOT NULL,
    details          TEXT,
    source           TEXT,
    source_id        INTEGER,
    dedup_key        TEXT,
    priority         TEXT NOT NULL,
    severity         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    labels           TEXT NOT NULL,
    tags             TEXT NOT NULL,
    links            TEXT NOT NULL,
    images           TEXT NOT NULL,
    meta             TEXT,
    count            INTEGER NOT NULL,
    first_seen_at    INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    acknowledged_at  INTEGER,
    acknowledged_by  TEXT,
    resolved_at      INTEGER,
    resolved_by      TEXT,
    archived_at      INTEGER,
    archived_by      TEXT,
    assignee_user_id INTEGER,
    responders       TEXT NOT NULL,
    parent_id        INTEGER
);
CREATE UNIQUE INDEX ux_alerts_number ON alerts(tenant_id, number);
-- At most one open alert per dedup key: the database enforces dedup even if code has a bug.
CREATE UNIQUE INDEX ux_alerts_open_dedup ON alerts(tenant_id, dedup_key)
    WHERE dedup_key IS NOT NULL AND status IN ('triggered', 'acknowledged', 'dropped');
CREATE INDEX ix_alerts_created ON alerts(tenant_id, created_at, id);
CREATE INDEX ix_alerts_status ON alerts(tenant_id, status, created_at, id);
CREATE INDEX ix_alerts_priority ON alerts(tenant_id, priority, created_at, id);
CREATE INDEX ix_alerts_source ON alerts(tenant_id, source, created_at, id);
CREATE INDEX ix_alerts_assignee ON alerts(tenant_id, assignee_user_id, created_at, id);
CREATE INDEX ix_alerts_last_seen ON alerts(tenant_id, last_seen_at, id);

-- Label index for `label=key=value` filters; the alert row keeps the authoritative JSON copy.
CREATE TABLE alert_labels (
    alert_id   INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (alert_id, key)
) WITHOUT ROWID;
CREATE INDEX ix_alert_labels_kv ON alert_labels(tenant_id, key, value, alert_id);

CREATE TABLE timeline (
    id         INTEGER PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    alert_id   INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    text       TEXT NOT NULL,
    vars       TEXT
);
CREATE INDEX ix_timeline_alert ON timeline(alert_id, id);

CREATE TABLE idempotency (
    tenant_id     TEXT NOT NULL,
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    result        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, scope, key)
) WITHOUT ROWID;
CREATE INDEX ix_idempotency_created ON idempotency(created_at);
