-- Per-tenant version of what paging reads on every pass (on-call directory, notification rules, contact methods,
-- channels, templates), bumped by triggers on every change however it is made, so workers cache those reads across
-- passes and check one row instead of re-reading the lists. Any node's change invalidates every node's cache.
CREATE TABLE config_versions (
    tenant_id TEXT PRIMARY KEY,
    version   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER tr_users_insert_config AFTER INSERT ON users BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_users_update_config AFTER UPDATE ON users BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_users_delete_config AFTER DELETE ON users BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_teams_insert_config AFTER INSERT ON teams BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_teams_update_config AFTER UPDATE ON teams BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_teams_delete_config AFTER DELETE ON teams BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_team_members_insert_config AFTER INSERT ON team_members BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_team_members_update_config AFTER UPDATE ON team_members BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_team_members_delete_config AFTER DELETE ON team_members BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_schedules_insert_config AFTER INSERT ON schedules BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_schedules_update_config AFTER UPDATE ON schedules BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_schedules_delete_config AFTER DELETE ON schedules BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_schedule_overrides_insert_config AFTER INSERT ON schedule_overrides BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_schedule_overrides_update_config AFTER UPDATE ON schedule_overrides BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_schedule_overrides_delete_config AFTER DELETE ON schedule_overrides BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_contact_methods_insert_config AFTER INSERT ON contact_methods BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_contact_methods_update_config AFTER UPDATE ON contact_methods BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_contact_methods_delete_config AFTER DELETE ON contact_methods BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_rules_insert_config AFTER INSERT ON notification_rules BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_rules_update_config AFTER UPDATE ON notification_rules BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_rules_delete_config AFTER DELETE ON notification_rules BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_channels_insert_config AFTER INSERT ON notification_channels BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_channels_update_config AFTER UPDATE ON notification_channels BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_channels_delete_config AFTER DELETE ON notification_channels BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_templates_insert_config AFTER INSERT ON notification_templates BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_templates_update_config AFTER UPDATE ON notification_templates BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tr_notification_templates_delete_config AFTER DELETE ON notification_templates BEGIN
    INSERT INTO config_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;
