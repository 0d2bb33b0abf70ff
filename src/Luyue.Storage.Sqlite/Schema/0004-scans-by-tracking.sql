-- Scans found by their tracking number, for the order page's trace (docs/storage.md). A scan names a tracking number,
-- not an order, so it is stored with order_id NULL; tracking is the scan's own "tracking" (the number alone, as the
-- carrier wrote it: the carrier stays in json) and NULL for every other event. Both indexes are partial and disjoint
-- in practice: an order event enters events_by_order only, a scan events_by_tracking only, so an append still writes
-- at most one index entry per event. Not as cheap: scans used to enter events_by_order under one NULL key, at its
-- end; now each enters at its number's place (measured in docs/storage.md). Announcements and ticks enter none.
ALTER TABLE events ADD COLUMN tracking TEXT;
-- Scans stored before this migration: their number is in their json.
UPDATE events SET tracking = json_extract(json, '$.tracking')
    WHERE order_id IS NULL AND json_extract(json, '$.type') = 'scan';
DROP INDEX events_by_order;
CREATE INDEX events_by_order ON events (tenant, order_id) WHERE order_id IS NOT NULL;
CREATE INDEX events_by_tracking ON events (tenant, tracking) WHERE tracking IS NOT NULL;
