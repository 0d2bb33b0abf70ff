-- One order's events indexed in large sorted batches, as scans are by number since 0005, instead of an entry in the
-- events_by_order index at each append (docs/decisions/0006-order-index-in-batches.md). An order id is random within
-- that index, so an append of 1,000 events dirtied a leaf page of it for most of its order events, and wrote and synced
-- each to the WAL: measured, a third of what an append wrote and a quarter of its time. Now the append that brings the
-- log SqliteStore.IndexBatch sequences past the watermark copies the tail's order entries into the table
-- events_by_order and its scans into scans_by_tracking, both in key order, and moves the one watermark, renamed
-- log_indexed: every event at or below it is in both side tables (where it belongs in either), none above it.
-- A read takes the indexed rows by key and the tail by a range of the log past the watermark, in one statement.
DROP INDEX events_by_order;
CREATE TABLE events_by_order (
    tenant   TEXT    NOT NULL,
    order_id TEXT    NOT NULL,
    sequence INTEGER NOT NULL,
    PRIMARY KEY (tenant, order_id, sequence)
) STRICT, WITHOUT ROWID;
ALTER TABLE tracking_indexed RENAME TO log_indexed;
-- Everything stored is indexed now, so the one watermark starts at the log's end for both tables.
INSERT INTO scans_by_tracking (tenant, tracking, sequence)
    SELECT tenant, tracking, sequence FROM events
    WHERE tracking IS NOT NULL AND sequence > (SELECT sequence FROM log_indexed WHERE id = 1)
    ORDER BY tenant, tracking, sequence;
INSERT INTO events_by_order (tenant, order_id, sequence)
    SELECT tenant, order_id, sequence FROM events WHERE order_id IS NOT NULL ORDER BY tenant, order_id, sequence;
UPDATE log_indexed SET sequence = (SELECT coalesce(max(sequence), 0) FROM events) WHERE id = 1;
