-- The side tables events_by_order and scans_by_tracking as runs (docs/decisions/0008-event-log-in-batches.md). Their keys,
-- order ids and tracking numbers, are random, so each batch copy of about 50,000 entries into one b-tree keyed by them
-- touched a different leaf page for nearly every entry, and more pages the larger the table grew: measured (Python,
-- 1,000,000 entries of the generated stream in copies of 50,000), 987 bytes written per entry and 3.9 µs of CPU.
-- Now each copy is a run of its own, keyed first by the run, so its entries fill new pages at the end of the table
-- (151 bytes written per entry, 2.2 µs with Python's own cost). A run is named by the watermark its copy moved to, and
-- listed in log_index_runs; a read seeks its key in every run (one b-tree search each).
CREATE TABLE events_by_order_runs (
    run      INTEGER NOT NULL,
    tenant   TEXT    NOT NULL,
    order_id TEXT    NOT NULL,
    sequence INTEGER NOT NULL,
    PRIMARY KEY (run, tenant, order_id, sequence)
) STRICT, WITHOUT ROWID;
CREATE TABLE scans_by_tracking_runs (
    run      INTEGER NOT NULL,
    tenant   TEXT    NOT NULL,
    tracking TEXT    NOT NULL,
    sequence INTEGER NOT NULL,
    PRIMARY KEY (run, tenant, tracking, sequence)
) STRICT, WITHOUT ROWID;
-- What is indexed so far becomes run 0 (a watermark is never 0 once a copy has run, so no later run takes its name).
INSERT INTO events_by_order_runs (run, tenant, order_id, sequence)
    SELECT 0, tenant, order_id, sequence FROM events_by_order ORDER BY tenant, order_id, sequence;
INSERT INTO scans_by_tracking_runs (run, tenant, tracking, sequence)
    SELECT 0, tenant, tracking, sequence FROM scans_by_tracking ORDER BY tenant, tracking, sequence;
DROP TABLE events_by_order;
DROP TABLE scans_by_tracking;
ALTER TABLE events_by_order_runs RENAME TO events_by_order;
ALTER TABLE scans_by_tracking_runs RENAME TO scans_by_tracking;
CREATE TABLE log_index_runs (run INTEGER PRIMARY KEY) STRICT;
INSERT INTO log_index_runs (run) VALUES (0);
