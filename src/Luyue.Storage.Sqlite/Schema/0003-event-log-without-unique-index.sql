-- The event log without its unique (tenant, event_id) index (docs/decisions/0003-event-log-fingerprints.md). Event ids
-- are the senders' and random, so each append of 1,000 events wrote about 1,000 scattered pages of that index to the
-- WAL and synced them: the index, not the events, was most of what ingestion wrote. Duplicates are now decided by
-- SqliteStore against an in-memory set of 128-bit fingerprints of (tenant, event_id), loaded from this table and kept
-- under the single writer. events_by_order stays: reading one order's events is an indexed lookup.
-- SQLite cannot drop a table constraint, so the table is rebuilt; sequence (the rowid) is copied, so nothing a reader
-- has seen is renumbered.
CREATE TABLE events_log (
    sequence    INTEGER PRIMARY KEY,
    tenant      TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    order_id    TEXT,
    partition   INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    -- The server's clock when the event was acknowledged: a restart replays each event at its arrival time.
    received_at INTEGER NOT NULL,
    json        TEXT    NOT NULL
) STRICT;
INSERT INTO events_log (sequence, tenant, event_id, order_id, partition, at, received_at, json)
    SELECT sequence, tenant, event_id, order_id, partition, at, received_at, json FROM events ORDER BY sequence;
DROP TABLE events;
ALTER TABLE events_log RENAME TO events;
CREATE INDEX events_by_order ON events (tenant, order_id);
