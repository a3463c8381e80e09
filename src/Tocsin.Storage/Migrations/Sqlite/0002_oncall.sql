-- On-call directory, schedules, escalation policies, alert sources, maintenance windows, per-alert escalation state
-- and the notification outbox (#3). Times are unix milliseconds (UTC); business time always comes in as @now.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    time_zone   TEXT NOT NULL,
    language    TEXT NOT NULL,
    role        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_users_tenant ON users(tenant_id, id);
CREATE UNIQUE INDEX ux_users_email ON users(tenant_id, email) WHERE email IS NOT NULL;

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_teams_tenant ON teams(tenant_id, id);

-- A member is a user, a schedule (whoever is on call) or another team; cycles are refused by the service.
CREATE TABLE team_members (
    team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    tenant_id   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    member_kind TEXT NOT NULL,
    member_id   INTEGER NOT NULL,
    role        TEXT NOT NULL,
    PRIMARY KEY (team_id, position)
) WITHOUT ROWID;
CREATE INDEX ix_team_members_member ON team_members(tenant_id, member_kind, member_id);

-- Layers are one JSON document (always read and written whole); overrides are rows so they can be listed by range.
CREATE TABLE schedules (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    layers      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_schedules_tenant ON schedules(tenant_id, id);

CREATE TABLE schedule_overrides (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    from_at     INTEGER NOT NULL,
    until_at    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_schedule_overrides_range ON schedule_overrides(schedule_id, from_at, until_at);
CREATE INDEX ix_schedule_overrides_user ON schedule_overrides(tenant_id, user_id);

CREATE TABLE escalation_policies (
    id               INTEGER PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants(id),
    name             TEXT NOT NULL,
    rules            TEXT NOT NULL,
    repeat           INTEGER NOT NULL,
    initial_delay_ms INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX ix_escalation_policies_tenant ON escalation_policies(tenant_id, id);

-- integration_key is a random unique token (like the vendor "integration key"); it addresses the source on POST /events.
CREATE TABLE alert_sources (
    id                   INTEGER PRIMARY KEY,
    tenant_id            TEXT NOT NULL REFERENCES tenants(id),
    name                 TEXT NOT NULL,
    integration_key      TEXT NOT NULL UNIQUE,
    escalation_policy_id INTEGER REFERENCES escalation_policies(id),
    support_hours        TEXT,
    priority_rule        TEXT NOT NULL,
    creation_mode        TEXT NOT NULL,
    auto_resolve_ms      INTEGER,
    grouping_window_ms   INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX ix_alert_sources_tenant ON alert_sources(tenant_id, id);
CREATE INDEX ix_alert_sources_policy ON alert_sources(escalation_policy_id);

-- source_ids is a JSON array; an empty array covers every source of the tenant.
CREATE TABLE maintenance_windows (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    description TEXT,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    source_ids  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_maintenance_windows_active ON maintenance_windows(tenant_id, ends_at, starts_at);

-- One row per escalating alert. The policy is copied at trigger time so edits never reshuffle pages in flight.
CREATE TABLE escalations (
    alert_id        INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
    tenant_id       TEXT NOT NULL,
    policy_id       INTEGER,
    policy_snapshot TEXT NOT NULL,
    rule_index      INTEGER NOT NULL,
    repeat_round    INTEGER NOT NULL,
    next_due_at     INTEGER,
    stopped         INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX ix_escalations_due ON escalations(next_due_at, alert_id) WHERE next_due_at IS NOT NULL AND stopped = 0;

-- Notifications to deliver, written in the same transaction as the change that causes them. Delivery is #notifications.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    alert_id        INTEGER,
    user_id         INTEGER,
    channel         TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    last_error      TEXT,
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX ix_outbox_alert ON outbox(tenant_id, alert_id, id);
