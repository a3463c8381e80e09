-- IBM Cloud Monitoring notification channels (#7): the Sysdig API updates a channel only at its current version
-- (optimistic locking, stale → 409). Every save increments it, native ones too. Whether a channel is enabled, its team
-- and the vendor options are kept in the channel's config JSON.
ALTER TABLE notification_channels ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
