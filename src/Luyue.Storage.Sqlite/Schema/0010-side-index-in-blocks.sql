-- The side tables as blocks of hashed entries (docs/decisions/0009-side-index-in-blocks.md). A batch copy inserted one
-- row per entry into events_by_order and scans_by_tracking, (run, tenant, key, sequence): about 50,000 inserts per
-- 50,000 events, under the write lock, a third of what an append's turn cost. Now a run is (key hash, sequence) entries
-- sorted by hash, cut into blocks of a few hundred, one row each: a copy inserts a few hundred rows.
CREATE TABLE log_index_blocks (
    kind    INTEGER NOT NULL, -- 0: an order's events (the key is the order id); 1: a number's scans (the tracking number)
    run     INTEGER NOT NULL, -- the watermark the copy moved to, as listed in log_index_runs
    first   INTEGER NOT NULL, -- the smallest hash in the block
    entries BLOB    NOT NULL  -- (hash, sequence) pairs, 64-bit little-endian each, in hash order
) STRICT;
CREATE UNIQUE INDEX log_index_blocks_by_key ON log_index_blocks (kind, run, first);
-- SQL cannot compute the hashes: the old runs are dropped, the watermark goes back to the start, and the store indexes
-- the whole log again as one run when it next opens the file (SqliteStore.MigrateAsync), before it serves a read.
DROP TABLE events_by_order;
DROP TABLE scans_by_tracking;
DELETE FROM log_index_runs;
UPDATE log_indexed SET sequence = 0 WHERE id = 1;
