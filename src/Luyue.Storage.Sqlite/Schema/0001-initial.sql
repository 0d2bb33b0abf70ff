-- Luyue's tables in SQLite (docs/storage.md). Instants are INTEGER Unix milliseconds, UTC. STRICT tables turn a value
-- of the wrong type into an error instead of a silent conversion. Every index ends in the rowid implicitly, which for
-- events and findings is their sequence: an equality prefix is therefore read in sequence order without a sort.

-- The event log. sequence is the rowid: SQLite assigns max + 1 and rows are never deleted, so there are no gaps, and
-- with one writer at a time the sequence order is the commit order (the replay order after a restart).
CREATE TABLE events (
    sequence    INTEGER PRIMARY KEY,
    tenant      TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    order_id    TEXT,
    partition   INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    -- The server's clock when the event was acknowledged: a restart replays each event at its arrival time.
    received_at INTEGER NOT NULL,
    json        TEXT    NOT NULL,
    -- Idempotent appends: the same event sent twice is stored once per tenant.
    UNIQUE (tenant, event_id)
) STRICT;
CREATE INDEX events_by_order ON events (tenant, order_id);

CREATE TABLE findings (
    sequence    INTEGER PRIMARY KEY,
    tenant      TEXT    NOT NULL,
    finding_key TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    order_id    TEXT,
    shop        TEXT,
    platform    TEXT,
    at          INTEGER NOT NULL,
    -- SQLite has no exact decimal: the amount is kept as invariant text, scale included.
    amount      TEXT,
    json        TEXT    NOT NULL,
    -- Re-deriving findings after a restart never stores one twice.
    UNIQUE (tenant, finding_key)
) STRICT;
-- One index per query filter; a page is a range scan from the cursor.
CREATE INDEX findings_by_tenant   ON findings (tenant);
CREATE INDEX findings_by_order    ON findings (tenant, order_id);
CREATE INDEX findings_by_shop     ON findings (tenant, shop);
CREATE INDEX findings_by_platform ON findings (tenant, platform);
CREATE INDEX findings_by_rule     ON findings (tenant, rule);
CREATE INDEX findings_by_kind     ON findings (tenant, kind);
CREATE INDEX findings_by_at       ON findings (tenant, at);

CREATE TABLE tenants (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
    id         TEXT    PRIMARY KEY,
    -- NULL for a key that belongs to no tenant (an admin's).
    tenant     TEXT,
    role       TEXT    NOT NULL CHECK (role IN ('merchant', 'reviewer', 'admin')),
    -- SHA-256 of the key, looked up on every request; the key itself is never stored.
    hash       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE webhooks (
    id         TEXT    PRIMARY KEY,
    tenant     TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_by_tenant ON webhooks (tenant, created_at);

CREATE TABLE deliveries (
    id               TEXT    PRIMARY KEY,
    tenant           TEXT    NOT NULL,
    webhook_id       TEXT    NOT NULL,
    finding_sequence INTEGER NOT NULL,
    body             TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    -- One delivery per finding and webhook, so re-enqueueing after a restart sends nothing twice.
    UNIQUE (webhook_id, finding_sequence)
) STRICT;
-- The dispatcher's poll: pending and due, in due order.
CREATE INDEX deliveries_due       ON deliveries (state, next_attempt_at, id);
CREATE INDEX deliveries_by_tenant ON deliveries (tenant, state, created_at);

CREATE TABLE idempotency (
    tenant          TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    body            TEXT    NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (tenant, idempotency_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE rule_packs (
    -- NULL for a global pack, which applies to every tenant.
    tenant         TEXT,
    platform       TEXT    NOT NULL,
    version        TEXT    NOT NULL,
    -- ISO local date (yyyy-MM-dd), which sorts as it reads.
    effective_from TEXT    NOT NULL,
    json           TEXT    NOT NULL,
    uploaded_at    INTEGER NOT NULL
) STRICT;
-- A unique index treats NULLs as distinct, so (tenant, platform, version) alone would let a global version be stored
-- twice: global packs get their own unique index.
CREATE UNIQUE INDEX rule_packs_of_tenant ON rule_packs (tenant, platform, version) WHERE tenant IS NOT NULL;
CREATE UNIQUE INDEX rule_packs_global    ON rule_packs (platform, version) WHERE tenant IS NULL;
