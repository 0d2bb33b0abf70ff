-- Findings by order and by shop as runs of hashed entries in log_index_blocks, as the event log's side index
-- (docs/decisions/0011-findings-index-in-blocks.md). The (tenant, order_id) and (tenant, shop) b-trees had random keys:
-- every finding stored wrote a page of each of its own, and the findings' writes wrote most of what the WAL took.
DROP INDEX findings_by_order;
DROP INDEX findings_by_shop;
CREATE TABLE finding_index_runs (run INTEGER PRIMARY KEY) STRICT; -- run = the findings watermark its copy moved to
CREATE TABLE findings_indexed (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL -- findings up to here are in the runs; the rest are read by a scan of the tail
) STRICT;
-- Starts at 0: the store indexes the findings already there when it next opens the file (SqliteStore.MigrateAsync).
INSERT INTO findings_indexed (id, sequence) VALUES (1, 0);
