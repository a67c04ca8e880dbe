-- +goose Up
ALTER TABLE customer RENAME TO customers;
ALTER TABLE customers RENAME COLUMN phone TO phone_number;
ALTER TABLE customers ALTER COLUMN email SET NOT NULL;
ALTER TABLE products ALTER COLUMN stock SET NOT NULL;
ALTER TABLE orders ALTER COLUMN note TYPE varchar(500);
ALTER TABLE orders ADD COLUMN shipped_at timestamptz, ADD COLUMN tracking text;
ALTER TABLE order_lines ADD COLUMN discount_cents smallint NOT NULL DEFAULT 0;
ALTER TABLE products DROP COLUMN photo;
CREATE TABLE legacy (id int);
DROP TABLE legacy;

CREATE VIEW order_totals AS
SELECT o.id AS order_id, o.customer_id, sum(l.quantity * l.unit_cents) AS total_cents
FROM orders o
JOIN order_lines l ON l.order_id = o.id
GROUP BY o.id, o.customer_id;

-- +goose Down
DROP VIEW order_totals;
