-- Scans found by their tracking number, for the order page's trace (docs/storage.md). Numbered 0004 like SQLite's
-- migration of the same change (PostgreSQL has no 0003: it kept its unique index). A scan names a tracking number,
-- not an order, so it is stored with order_id NULL; tracking is the scan's own "tracking" (the number alone, as the
-- carrier wrote it: the carrier stays in json) and NULL for every other event. Both indexes are partial and disjoint
-- in practice: an order event enters events_by_order only, a scan events_by_tracking only, so an append still writes
-- at most one index entry per event; not as cheap, as scans now land at their number's place (docs/storage.md).
ALTER TABLE events ADD COLUMN tracking text COLLATE "C";
-- Scans stored before this migration: their number is in their json (kept as text, so cast to read it).
UPDATE events SET tracking = json::jsonb ->> 'tracking'
    WHERE order_id IS NULL AND json::jsonb ->> 'type' = 'scan';
DROP INDEX events_by_order;
CREATE INDEX events_by_order ON events (tenant, order_id) WHERE order_id IS NOT NULL;
CREATE INDEX events_by_tracking ON events (tenant, tracking) WHERE tracking IS NOT NULL;
