-- Outlet star ratings (RULES §2): one per tenant, month, carrier and outlet, as imported from the platform's CSV.
CREATE TABLE outlet_ratings (
    tenant      text        COLLATE "C" NOT NULL,
    -- yyyy-MM, which sorts as it reads.
    month       text        COLLATE "C" NOT NULL,
    carrier     text        COLLATE "C" NOT NULL,
    outlet      text        COLLATE "C" NOT NULL,
    stars       smallint    NOT NULL CHECK (stars BETWEEN 1 AND 5),
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, month, carrier, outlet)
);
