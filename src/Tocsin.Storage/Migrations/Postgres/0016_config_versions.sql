-- Per-tenant version of what paging reads on every pass (on-call directory, notification rules, contact methods,
-- channels, templates), bumped by triggers on every change however it is made, so workers cache those reads across
-- passes and check one row instead of re-reading the lists. Any node's change invalidates every node's cache.
CREATE TABLE config_versions (
    tenant_id TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);

CREATE FUNCTION bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN t := OLD.tenant_id; ELSE t := NEW.tenant_id; END IF;
    INSERT INTO config_versions AS v (tenant_id, version) VALUES (t, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_users_config AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_teams_config AFTER INSERT OR UPDATE OR DELETE ON teams FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_team_members_config AFTER INSERT OR UPDATE OR DELETE ON team_members FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_schedules_config AFTER INSERT OR UPDATE OR DELETE ON schedules FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_schedule_overrides_config AFTER INSERT OR UPDATE OR DELETE ON schedule_overrides FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_contact_methods_config AFTER INSERT OR UPDATE OR DELETE ON contact_methods FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_notification_rules_config AFTER INSERT OR UPDATE OR DELETE ON notification_rules FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_notification_channels_config AFTER INSERT OR UPDATE OR DELETE ON notification_channels FOR EACH ROW EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER tr_notification_templates_config AFTER INSERT OR UPDATE OR DELETE ON notification_templates FOR EACH ROW EXECUTE FUNCTION bump_config_version();
