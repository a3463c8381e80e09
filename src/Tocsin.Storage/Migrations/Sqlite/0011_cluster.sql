-- Several nodes on one database (#11). Each process announces itself and heartbeats; due work carries a lease naming
-- the node that claimed it, so work of a node that died is claimable again once its lease passes.
CREATE TABLE nodes (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    url           TEXT,
    version       TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    heartbeat_at  INTEGER NOT NULL
);

ALTER TABLE escalations ADD COLUMN claimed_by TEXT;
ALTER TABLE escalations ADD COLUMN lease_until INTEGER;
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;

-- Cluster-wide settings, e.g. the secret nodes present to each other when they replicate metric samples.
CREATE TABLE cluster_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
