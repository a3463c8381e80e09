-- Notification delivery (#4): per-user contact methods and rules, shared channels, templates, the per-target delivery
-- queue with its attempt history, and the in-app inbox. Times are unix milliseconds (UTC); business time comes in as @now.

-- Re-notify unresolved alerts of a source every N ms (NULL: never).
ALTER TABLE alert_sources ADD COLUMN renotify_ms INTEGER;

-- An outbox row is one notification intent ("tell user 7 that alert 12 escalated"). The delivery worker expands it
-- into one delivery per target and then marks it EXPANDED; processed_at says when.
ALTER TABLE outbox ADD COLUMN processed_at INTEGER;

CREATE TABLE contact_methods (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    label       TEXT,
    verified    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_contact_methods_user ON contact_methods(tenant_id, user_id, id);

-- "Notify me via contact method X once an alert has been unacknowledged for delay_ms."
CREATE TABLE notification_rules (
    id                INTEGER PRIMARY KEY,
    tenant_id         TEXT NOT NULL,
    user_id           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_method_id INTEGER NOT NULL REFERENCES contact_methods(id) ON DELETE CASCADE,
    delay_ms          INTEGER NOT NULL,
    created_at        INTEGER NOT NULL
);
CREATE INDEX ix_notification_rules_user ON notification_rules(tenant_id, user_id, id);

-- Shared channels referenced by rules and sources (notificationChannelIds); config is the JSON document of the kind.
CREATE TABLE notification_channels (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    config      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_notification_channels_tenant ON notification_channels(tenant_id, id);

-- Operator overrides of the default Handlebars templates, one per (channel kind, event).
CREATE TABLE notification_templates (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    event       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT,
    html_body   TEXT,
    json_body   TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_notification_templates ON notification_templates(tenant_id, channel, event);

-- One row per (notification, target): status SCHEDULED -> SENT | FAILED | SKIPPED | COALESCED, with RETRY in between.
-- claimed_until is a lease: a row claimed by a worker that died is claimable again once it passes (and, on SQLite's
-- single node, every lease is released at start-up).
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    outbox_id       INTEGER REFERENCES outbox(id) ON DELETE CASCADE,
    alert_id        INTEGER,
    user_id         INTEGER,
    channel_id      INTEGER,
    kind            TEXT NOT NULL,
    target          TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    require_open    INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT,
    external_id     TEXT,
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_deliveries_due ON deliveries(next_attempt_at, id) WHERE status IN ('SCHEDULED', 'RETRY');
CREATE INDEX ix_deliveries_alert ON deliveries(tenant_id, alert_id, id);
CREATE INDEX ix_outbox_pending ON outbox(next_attempt_at, id) WHERE status = 'SCHEDULED';

CREATE TABLE delivery_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    status       TEXT NOT NULL,
    error        TEXT,
    external_id  TEXT,
    duration_ms  INTEGER NOT NULL
);
CREATE INDEX ix_delivery_attempts ON delivery_attempts(delivery_id, attempt);

CREATE TABLE inbox_items (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    alert_id    INTEGER,
    delivery_id INTEGER UNIQUE,
    title       TEXT NOT NULL,
    body        TEXT,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX ix_inbox_user ON inbox_items(tenant_id, user_id, id);
CREATE INDEX ix_inbox_unread ON inbox_items(tenant_id, user_id) WHERE read_at IS NULL;
