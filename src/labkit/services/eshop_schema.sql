-- Panier Vert e-shop: operational schema in third normal form (PostgreSQL).
-- Loaded from labkit.datasets.paniervert.tables(scale, seed); see docs/services.md.
-- stores.region_code is not stored: it depends on departement_code (3NF), join departements.

CREATE TABLE regions (
    region_code      text PRIMARY KEY CHECK (region_code ~ '^[0-9]{2}$'),
    name             text NOT NULL UNIQUE
);

CREATE TABLE departements (
    departement_code text PRIMARY KEY CHECK (departement_code ~ '^([0-9]{2}|2A|2B|97[1-6])$'),
    name             text NOT NULL,
    region_code      text NOT NULL REFERENCES regions
);

CREATE TABLE stores (
    store_id         integer PRIMARY KEY,
    store_code       text NOT NULL UNIQUE,
    name             text NOT NULL,
    address          text NOT NULL,
    postal_code      text NOT NULL CHECK (postal_code ~ '^[0-9]{5}$'),
    city             text NOT NULL,
    departement_code text NOT NULL REFERENCES departements,
    manager_name     text,
    surface_m2       numeric(8, 1) CHECK (surface_m2 > 0),
    opened_on        date NOT NULL
);

CREATE TABLE suppliers (
    supplier_id       integer PRIMARY KEY,
    siret             text NOT NULL UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
    name              text NOT NULL,
    departement_code  text REFERENCES departements,
    city              text,
    organic_certifier text,
    specialty         text,
    created_at        timestamptz NOT NULL
);

CREATE TABLE products (
    product_id     integer PRIMARY KEY,
    ean13          text NOT NULL UNIQUE CHECK (ean13 ~ '^[0-9]{13}$'),
    name           text NOT NULL,
    category       text NOT NULL,
    subcategory    text,
    organic        boolean NOT NULL,
    label          text,
    unit           text NOT NULL,
    unit_price_eur numeric(10, 2) NOT NULL CHECK (unit_price_eur >= 0),
    supplier_id    integer REFERENCES suppliers,
    created_at     timestamptz,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE customers (
    customer_id          integer PRIMARY KEY,
    loyalty_id           text UNIQUE,
    first_name           text NOT NULL,
    last_name            text NOT NULL,
    sex                  text,
    email                text CHECK (email LIKE '%_@_%'),
    phone                text,
    address              text,
    postal_code          text CHECK (postal_code ~ '^[0-9]{5}$'),
    city                 text,
    birth_date           date,
    created_at           timestamptz NOT NULL,
    consent_marketing    boolean NOT NULL DEFAULT false,
    consent_marketing_at timestamptz,
    consent_profiling    boolean NOT NULL DEFAULT false,
    consent_profiling_at timestamptz,
    CHECK (NOT consent_marketing OR consent_marketing_at IS NOT NULL),
    CHECK (NOT consent_profiling OR consent_profiling_at IS NOT NULL)
);

CREATE TABLE orders (
    order_id    bigint PRIMARY KEY,
    customer_id integer REFERENCES customers,
    store_id    integer REFERENCES stores,
    channel     text NOT NULL,
    ordered_at  timestamptz NOT NULL,
    status      text NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK (updated_at >= ordered_at)
);

CREATE TABLE order_lines (
    order_id       bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
    line_no        smallint NOT NULL CHECK (line_no > 0),
    product_id     integer NOT NULL REFERENCES products,
    quantity       numeric(10, 3) NOT NULL CHECK (quantity > 0),
    unit_price_eur numeric(10, 2) NOT NULL CHECK (unit_price_eur >= 0),
    discount_eur   numeric(10, 2) NOT NULL DEFAULT 0 CHECK (discount_eur >= 0),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE payments (
    payment_id bigint PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
    method     text NOT NULL,
    amount_eur numeric(12, 2) NOT NULL,
    paid_at    timestamptz NOT NULL
);

CREATE TABLE deliveries (
    delivery_id     bigint PRIMARY KEY,
    order_id        bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
    carrier         text NOT NULL,
    tracking_number text UNIQUE,
    status          text NOT NULL,
    shipped_at      timestamptz,
    delivered_at    timestamptz,
    updated_at      timestamptz NOT NULL,
    CHECK (delivered_at IS NULL OR shipped_at IS NULL OR delivered_at >= shipped_at)
);

CREATE TABLE stock (
    store_id   integer NOT NULL REFERENCES stores,
    product_id integer NOT NULL REFERENCES products,
    quantity   numeric(12, 3) NOT NULL CHECK (quantity >= 0),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (store_id, product_id)
);

-- foreign keys used in joins, and updated_at for incremental extraction
CREATE INDEX ON departements (region_code);
CREATE INDEX ON stores (departement_code);
CREATE INDEX ON products (supplier_id);
CREATE INDEX ON products (updated_at);
CREATE INDEX ON customers (email);
CREATE INDEX ON orders (customer_id);
CREATE INDEX ON orders (store_id);
CREATE INDEX ON orders (updated_at);
CREATE INDEX ON order_lines (product_id);
CREATE INDEX ON payments (order_id);
CREATE INDEX ON deliveries (order_id);
CREATE INDEX ON deliveries (updated_at);
CREATE INDEX ON stock (product_id);
CREATE INDEX ON stock (updated_at);

-- which generated data is loaded (the load is keyed by scale and seed)
CREATE TABLE labkit_meta (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    scale     double precision NOT NULL,
    seed      integer NOT NULL,
    loader    integer NOT NULL DEFAULT 1,   -- labkit.services.eshop.LOADER_VERSION
    loaded_at timestamptz NOT NULL DEFAULT now()
);
