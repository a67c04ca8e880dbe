-- name: CreateOrder :one
INSERT INTO orders (customer_id, note) VALUES ($1, $2) RETURNING id, state, placed_at;

-- name: AddOrderLine :exec
INSERT INTO order_lines (order_id, sku, quantity, unit_cents, discount_cents) VALUES ($1, $2, $3, $4, $5);

-- name: GetOrder :one
SELECT * FROM orders WHERE id = $1;

-- name: SetOrderState :one
UPDATE orders SET state = $2 WHERE id = $1 RETURNING *;

-- name: ShipOrder :execrows
UPDATE orders SET state = 'shipped', shipped_at = now(), tracking = @tracking WHERE id = @id AND state = 'paid';

-- name: OrdersOfCustomer :many
SELECT o.id, o.state, o.placed_at FROM orders o WHERE o.customer_id = $1 ORDER BY o.placed_at DESC;

-- name: OrderWithCustomer :one
SELECT sqlc.embed(orders), sqlc.embed(customers)
FROM orders JOIN customers ON customers.id = orders.customer_id
WHERE orders.id = $1;

-- name: OrderLines :many
SELECT l.sku, p.title, l.quantity, l.unit_cents, l.discount_cents
FROM order_lines l
JOIN products p ON p.sku = l.sku
WHERE l.order_id = $1;

-- name: OrderTotal :one
SELECT total_cents FROM order_totals WHERE order_id = $1;

-- name: CustomerTotals :many
SELECT customer_id, sum(total_cents) AS spent FROM order_totals GROUP BY customer_id;

-- name: OrdersInStates :many
SELECT id FROM orders WHERE state = ANY(@states::order_state[]);

-- name: OrdersWithOptionalTracking :many
SELECT id, COALESCE(tracking, 'none') AS tracking FROM orders WHERE customer_id = $1;

-- name: CancelOpenOrders :execrows
UPDATE orders SET state = 'cancelled' WHERE state = 'open' AND placed_at < $1;

-- name: OrderNotes :many
SELECT id, note FROM orders WHERE note IS NOT NULL ORDER BY id LIMIT $1 OFFSET $2;

-- name: CustomersWithoutOrders :many
SELECT c.id, c.name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);

-- name: OrderLineValue :many
SELECT order_id, quantity * unit_cents - discount_cents AS value_cents FROM order_lines WHERE order_id = $1;

-- name: OrdersAndLineCount :many
SELECT o.id, (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS lines FROM orders o;

-- name: DeleteOrderLines :execrows
DELETE FROM order_lines WHERE order_id = @order_id AND sku = ANY(@skus::text[]);
