-- Outlet star ratings (RULES §2): one per tenant, month, carrier and outlet, as imported from the platform's CSV.
CREATE TABLE outlet_ratings (
    tenant      TEXT    NOT NULL,
    -- yyyy-MM, which sorts as it reads.
    month       TEXT    NOT NULL,
    carrier     TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (tenant, month, carrier, outlet)
) STRICT;
