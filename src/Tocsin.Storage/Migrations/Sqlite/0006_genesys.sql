-- Genesys Cloud dialect (#6): OAuth client-credentials clients and their tokens, and per-reader alert read state.
-- Times are unix milliseconds (UTC), always written from the caller's clock (@now).
CREATE TABLE genesys_oauth_clients (
    id            INTEGER PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    client_id     TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    -- SHA-256 of the secret; the secret itself is shown once and never stored.
    secret_hash   BLOB NOT NULL,
    -- Tocsin permissions, space separated (alerts:read alerts:write ...).
    permissions   TEXT NOT NULL,
    user_id       INTEGER,
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER
);

-- Access tokens are random and stored by hash, so they survive a restart and expire by expires_at.
CREATE TABLE genesys_oauth_tokens (
    token_hash    BLOB PRIMARY KEY,
    client_row_id INTEGER NOT NULL REFERENCES genesys_oauth_clients(id) ON DELETE CASCADE,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX ix_genesys_oauth_tokens_expiry ON genesys_oauth_tokens(expires_at);

-- InteractionStatsAlert.unread is per reader (user:<id>, key:<id> or client:<id>); no row means unread.
CREATE TABLE genesys_alert_reads (
    tenant_id  TEXT NOT NULL,
    alert_id   INTEGER NOT NULL,
    reader     TEXT NOT NULL,
    unread     INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, reader, alert_id)
);
