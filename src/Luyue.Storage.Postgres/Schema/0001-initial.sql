-- Luyue's tables in PostgreSQL (15 or later: NULLS NOT DISTINCT). Instants are timestamptz (microseconds; the store
-- writes whole milliseconds, as SQLite keeps). JSON is text, kept byte for byte as received. Identifiers are
-- COLLATE "C": compared and sorted byte by byte, as SQLite does, whatever the database's locale (and cheaper to index).

-- The event log. sequence comes from an identity, but appends hold a transaction-scoped advisory lock while they
-- insert, so sequences are handed out in commit order: a reader paging with ReadEventsAsync never skips an event that
-- commits later with a smaller number. A duplicate consumes a number, so there may be gaps.
CREATE TABLE events (
    sequence    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text        COLLATE "C" NOT NULL,
    event_id    text        COLLATE "C" NOT NULL,
    order_id    text        COLLATE "C",
    partition   integer     NOT NULL,
    at          timestamptz NOT NULL,
    -- The server's clock when the event was acknowledged: a restart replays each event at its arrival time.
    received_at timestamptz NOT NULL,
    json        text        NOT NULL,
    -- Idempotent appends: the same event sent twice is stored once per tenant.
    CONSTRAINT events_tenant_event_id UNIQUE (tenant, event_id)
);
CREATE INDEX events_by_order ON events (tenant, order_id);

CREATE TABLE findings (
    sequence    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text        COLLATE "C" NOT NULL,
    finding_key text        COLLATE "C" NOT NULL,
    kind        text        COLLATE "C" NOT NULL,
    rule        text        COLLATE "C" NOT NULL,
    order_id    text        COLLATE "C",
    shop        text        COLLATE "C",
    platform    text        COLLATE "C",
    at          timestamptz NOT NULL,
    amount      numeric,
    json        text        NOT NULL,
    -- Re-deriving findings after a restart never stores one twice.
    CONSTRAINT findings_tenant_finding_key UNIQUE (tenant, finding_key)
);
-- One index per query filter, each ending in sequence so that a page is an ordered range scan from the cursor.
CREATE INDEX findings_by_tenant   ON findings (tenant, sequence);
CREATE INDEX findings_by_order    ON findings (tenant, order_id, sequence);
CREATE INDEX findings_by_shop     ON findings (tenant, shop, sequence);
CREATE INDEX findings_by_platform ON findings (tenant, platform, sequence);
CREATE INDEX findings_by_rule     ON findings (tenant, rule, sequence);
CREATE INDEX findings_by_kind     ON findings (tenant, kind, sequence);
CREATE INDEX findings_by_at       ON findings (tenant, at);

CREATE TABLE tenants (
    id         text        COLLATE "C" PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id         text        COLLATE "C" PRIMARY KEY,
    -- NULL for a key that belongs to no tenant (an admin's).
    tenant     text        COLLATE "C",
    role       text        COLLATE "C" NOT NULL CHECK (role IN ('merchant', 'reviewer', 'admin')),
    -- SHA-256 of the key, looked up on every request; the key itself is never stored.
    hash       text        COLLATE "C" NOT NULL CONSTRAINT api_keys_hash UNIQUE,
    created_at timestamptz NOT NULL
);

CREATE TABLE webhooks (
    id         text        COLLATE "C" PRIMARY KEY,
    tenant     text        COLLATE "C" NOT NULL,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX webhooks_by_tenant ON webhooks (tenant, created_at);

CREATE TABLE deliveries (
    id               text        COLLATE "C" PRIMARY KEY,
    tenant           text        COLLATE "C" NOT NULL,
    webhook_id       text        COLLATE "C" NOT NULL,
    finding_sequence bigint      NOT NULL,
    body             text        NOT NULL,
    state            text        COLLATE "C" NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         integer     NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    created_at       timestamptz NOT NULL,
    -- One delivery per finding and webhook, so re-enqueueing after a restart sends nothing twice.
    CONSTRAINT deliveries_webhook_finding UNIQUE (webhook_id, finding_sequence)
);
-- The dispatcher's poll: pending and due, in due order.
CREATE INDEX deliveries_due       ON deliveries (state, next_attempt_at, id);
CREATE INDEX deliveries_by_tenant ON deliveries (tenant, state, created_at);

CREATE TABLE idempotency (
    tenant          text        COLLATE "C" NOT NULL,
    idempotency_key text        COLLATE "C" NOT NULL,
    request_hash    text        NOT NULL,
    status          integer     NOT NULL,
    body            text        NOT NULL,
    at              timestamptz NOT NULL,
    PRIMARY KEY (tenant, idempotency_key)
);

CREATE TABLE rule_packs (
    -- NULL for a global pack, which applies to every tenant.
    tenant         text        COLLATE "C",
    platform       text        COLLATE "C" NOT NULL,
    version        text        COLLATE "C" NOT NULL,
    effective_from date        NOT NULL,
    json           text        NOT NULL,
    uploaded_at    timestamptz NOT NULL,
    -- NULLS NOT DISTINCT: a global pack version is unique too.
    CONSTRAINT rule_packs_tenant_platform_version UNIQUE NULLS NOT DISTINCT (tenant, platform, version)
);

