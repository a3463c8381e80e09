-- #3 alert creation modes, grouping window and auto-resolve.
-- One open alert per dedup key is now a mode of the source, not a rule of the table: "one alert per event" and
-- "one pending alert" may keep several open alerts with one key (an acknowledged one and a new pending one), so the
-- unique index becomes a plain one. Writes stay serialized by the single alert writer, which does the dedup.
DROP INDEX ux_alerts_open_dedup;
CREATE INDEX ix_alerts_open_dedup ON alerts(tenant_id, dedup_key, id)
    WHERE dedup_key IS NOT NULL AND status IN ('triggered', 'acknowledged', 'dropped');
-- Source-wide modes (one open / one pending alert per source, grouping window) look for the newest open alert of a source.
CREATE INDEX ix_alerts_open_source ON alerts(tenant_id, source_id, id)
    WHERE source_id IS NOT NULL AND status IN ('triggered', 'acknowledged', 'dropped');

-- Auto-resolve timers: one row per open alert of a source with an auto-resolve timeout. due_at moves forward with each
-- new event; a worker claims due rows with a lease (claimed_until) so several nodes can share the work, and resolves
-- the alert in the alert writer after re-checking the row there.
CREATE TABLE alert_auto_resolve (
    alert_id      INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
    tenant_id     TEXT NOT NULL,
    due_at        INTEGER NOT NULL,
    claimed_until INTEGER
);
CREATE INDEX ix_alert_auto_resolve_due ON alert_auto_resolve(due_at);
