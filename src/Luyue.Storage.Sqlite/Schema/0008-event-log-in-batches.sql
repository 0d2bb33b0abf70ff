-- The event log as one row per appended batch instead of one row per event (docs/decisions/0008-event-log-in-batches.md).
-- A row per event cost SQLite a record, a b-tree cell and its bookkeeping for each of about 1,000 events per append,
-- under the one write lock every acknowledgement waits for; a row per batch costs that once, and its two blobs are
-- copied into overflow pages. The events of a batch have the consecutive sequences first_sequence..last_sequence;
-- last_sequence is the rowid, so the batch holding sequence S is the first row with last_sequence >= S.
--   events: per event, in sequence order, a fixed part of 36 bytes, big-endian: at (8, Unix milliseconds),
--           received_at (8), partition (4), the byte length of its JSON (4), of its id (4), of its order id (4; -1: none)
--           and of its tracking number (4; -1: none); then those three texts in UTF-8 (SqliteStore.EventRecords.cs).
--   json:   the events' JSON in UTF-8, one after another in the same order (each event's length is in `events`).
-- The per-event part comes first so that readers which need only ids, orders or numbers (fingerprints at start, the
-- side tables' batch copy, the scan past their watermark) leave the JSON's overflow pages unread.
CREATE TABLE event_batches (
    last_sequence  INTEGER PRIMARY KEY,
    first_sequence INTEGER NOT NULL CHECK (first_sequence <= last_sequence),
    tenant         TEXT    NOT NULL,
    events         BLOB    NOT NULL,
    json           BLOB    NOT NULL
) STRICT;
-- Each stored event becomes a batch of its own, its sequence kept (sequences of the old log may have gaps; a batch's may
-- not): nothing a reader has seen is renumbered, and events_by_order, scans_by_tracking and log_indexed stay valid.
INSERT INTO event_batches (last_sequence, first_sequence, tenant, events, json)
    SELECT sequence, sequence, tenant,
           CAST(unhex(printf('%016x%016x%08x%08x%08x%08x%08x',
                             at, received_at, partition, length(CAST(json AS BLOB)), length(CAST(event_id AS BLOB)),
                             coalesce(length(CAST(order_id AS BLOB)), -1) & 0xffffffff,
                             coalesce(length(CAST(tracking AS BLOB)), -1) & 0xffffffff))
                || CAST(event_id AS BLOB) || coalesce(CAST(order_id AS BLOB), x'') || coalesce(CAST(tracking AS BLOB), x'')
                AS BLOB),
           CAST(json AS BLOB)
    FROM events ORDER BY sequence;
DROP TABLE events;
