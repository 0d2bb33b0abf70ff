-- Scans by tracking number, indexed in large sorted batches instead of one entry per append (docs/storage.md,
-- docs/performance.md). events_by_tracking put each scan at its number's place in the index, a random place, so an
-- append of 1,000 events dirtied (and wrote to the WAL, and synced) several hundred index pages of its own: it cost
-- ingestion about a quarter of its rate. Now the appends leave scans unindexed; once the unindexed tail of the log
-- reaches a size (SqliteStore.TrackingBatch), the append that gets there copies the tail's (tenant, tracking, sequence)
-- into scans_by_tracking in key order, so each leaf page is written once for many entries, and moves the watermark
-- tracking_indexed to the tail's end. A read takes the indexed scans through scans_by_tracking and the tail (sequence
-- above the watermark) by a range scan of the log; both in one statement, so from one snapshot.
DROP INDEX events_by_tracking;
CREATE TABLE scans_by_tracking (
    tenant   TEXT    NOT NULL,
    tracking TEXT    NOT NULL,
    sequence INTEGER NOT NULL,
    PRIMARY KEY (tenant, tracking, sequence)
) STRICT, WITHOUT ROWID;
-- The one row: every scan at or below this sequence is in scans_by_tracking, none above it.
CREATE TABLE tracking_indexed (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL
) STRICT;
INSERT INTO scans_by_tracking (tenant, tracking, sequence)
    SELECT tenant, tracking, sequence FROM events WHERE tracking IS NOT NULL ORDER BY tenant, tracking, sequence;
INSERT INTO tracking_indexed (id, sequence) SELECT 1, coalesce(max(sequence), 0) FROM events;
