-- Re-notification of firing rule segments (#5 §5): while a segment fires and its alert is open, the rule's recipients are
-- told again every every_ms. One row per firing segment of a rule with re-notify minutes, written with the segment states
-- (created when the segment starts firing, deleted when it stops). A worker claims due rows with a lease (claimed_until),
-- so on several nodes each period runs once and a crashed claim is picked up again when its lease passes.
-- Times are unix milliseconds (UTC) from the caller's clock.
CREATE TABLE rule_renotify (
    tenant_id     TEXT NOT NULL,
    rule_id       BIGINT NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
    segment_key   TEXT NOT NULL,
    every_ms      BIGINT NOT NULL,
    -- Re-notifications done in this firing episode; part of the outbox idempotency keys, so a retried period enqueues once.
    period        BIGINT NOT NULL,
    due_at        BIGINT NOT NULL,
    claimed_until BIGINT,
    PRIMARY KEY (rule_id, segment_key)
);
CREATE INDEX ix_rule_renotify_due ON rule_renotify(due_at);
