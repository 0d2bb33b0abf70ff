-- Findings without their unique (tenant, finding_key) index (docs/decisions/0007-finding-keys-as-fingerprints.md).
-- Finding keys are hashes, random within that index, so each stored finding wrote a page of it of its own, under the
-- write lock every event append waits for: measured, a third of a finding's insert. Duplicates (a finding re-derived
-- after a restart) are now decided by SqliteStore against an in-memory set of 128-bit fingerprints of
-- (tenant, finding_key), as events' are since 0003. SQLite cannot drop a table constraint, so the table is rebuilt;
-- sequence (the rowid) is copied, so no stored finding is renumbered (deliveries and cursors name them by it).
CREATE TABLE findings_log (
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
    json        TEXT    NOT NULL
) STRICT;
INSERT INTO findings_log (sequence, tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json)
    SELECT sequence, tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json FROM findings ORDER BY sequence;
DROP TABLE findings;
ALTER TABLE findings_log RENAME TO findings;
-- One index per query filter; a page is a range scan from the cursor.
CREATE INDEX findings_by_tenant   ON findings (tenant);
CREATE INDEX findings_by_order    ON findings (tenant, order_id);
CREATE INDEX findings_by_shop     ON findings (tenant, shop);
CREATE INDEX findings_by_platform ON findings (tenant, platform);
CREATE INDEX findings_by_rule     ON findings (tenant, rule);
CREATE INDEX findings_by_kind     ON findings (tenant, kind);
CREATE INDEX findings_by_at       ON findings (tenant, at);
