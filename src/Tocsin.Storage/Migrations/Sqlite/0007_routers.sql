-- Routers (#10, PagerTree rtr_): ordered match rules that pick a team or user for a new alert. The rules and the default
-- target are one JSON document (always read and written whole). Times are unix milliseconds (UTC).
CREATE TABLE routers (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    enabled     INTEGER NOT NULL,
    definition  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_routers_tenant ON routers(tenant_id, id);
