-- Alert rules over metrics (#5) and the per-segment evaluation state that must survive a restart.
-- Times are unix milliseconds (UTC), always written from the caller's clock (@now), never the database's.
CREATE TABLE rules (
    id                INTEGER PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id),
    name              TEXT NOT NULL,
    enabled           INTEGER NOT NULL,
    -- Everything else of the rule (condition, filter, levels, durations...) as JSON: the core validator owns its shape.
    definition        TEXT NOT NULL,
    version           INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- Written by the evaluation worker; deliberately not part of the version, so evaluating never conflicts with an edit.
    last_evaluated_at INTEGER
);
CREATE UNIQUE INDEX ux_rules_name ON rules(tenant_id, name);
CREATE INDEX ix_rules_enabled ON rules(enabled, id);

CREATE TABLE rule_segment_states (
    tenant_id    TEXT NOT NULL,
    rule_id      INTEGER NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
    segment_key  TEXT NOT NULL,
    state        TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (rule_id, segment_key)
);
