-- +goose Up
CREATE TYPE order_state AS ENUM ('open', 'paid');
ALTER TYPE order_state ADD VALUE 'shipped';
ALTER TYPE order_state ADD VALUE 'cancelled' AFTER 'paid';

CREATE TABLE customer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        varchar(200) NOT NULL,
    email       text,
    phone       text,
    credit      numeric(12, 2) NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
    sku         text PRIMARY KEY,
    title       text NOT NULL,
    price_cents integer NOT NULL,
    price       numeric(10, 2) GENERATED ALWAYS AS (price_cents / 100.0) STORED,
    stock       integer,
    photo       bytea,
    attributes  jsonb,
    keywords    text[]
);

CREATE TABLE orders (
    id          serial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    state       order_state NOT NULL DEFAULT 'open',
    note        text,
    placed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
    order_id    integer NOT NULL REFERENCES orders (id),
    sku         text NOT NULL REFERENCES products (sku),
    quantity    integer NOT NULL,
    unit_cents  integer NOT NULL
);

-- +goose Down
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE products;
DROP TABLE customer;
DROP TYPE order_state;
