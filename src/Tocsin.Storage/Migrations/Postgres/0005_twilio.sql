-- Twilio Flex dialect (#9): what a Flex Insights rule carries beyond the core rule, notification configurations,
-- extra Flex instances of a tenant, and which firing segments were already notified.
-- Times are unix milliseconds (UTC) from the caller's clock (@now).

-- One row per rule created through /compat/twilio; the core rule (rules.id) owns name, enabled, thresholds and hold.
CREATE TABLE twilio_rules (
    rule_id      BIGINT PRIMARY KEY REFERENCES rules(id) ON DELETE CASCADE,
    tenant_id    TEXT NOT NULL,
    instance_sid TEXT NOT NULL,
    -- The vendor fields as JSON (metric_id, task_channel_sid, task_queue_sids, rule_thresholds, notify_*).
    body         TEXT NOT NULL,
    notify_methods_id TEXT
);
CREATE INDEX ix_twilio_rules_instance ON twilio_rules(tenant_id, instance_sid);
CREATE INDEX ix_twilio_rules_config ON twilio_rules(tenant_id, notify_methods_id);

CREATE TABLE twilio_notification_configs (
    ttid         TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    instance_sid TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX ix_twilio_configs_instance ON twilio_notification_configs(tenant_id, instance_sid, created_at);

-- Instances beyond the tenant's default one (GO + the tenant id), created through the native API.
CREATE TABLE twilio_instances (
    sid        TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_twilio_instances_tenant ON twilio_instances(tenant_id);

-- A firing episode (rule, segment, firing since, level) is notified once.
CREATE TABLE twilio_deliveries (
    rule_id      BIGINT NOT NULL,
    segment_key  TEXT NOT NULL,
    firing_since BIGINT NOT NULL,
    level        TEXT NOT NULL,
    delivered_at BIGINT NOT NULL,
    PRIMARY KEY (rule_id, segment_key, firing_since, level)
);
