-- name: CreateProduct :one
INSERT INTO products (sku, title, price_cents, stock, attributes, keywords)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: GetProduct :one
SELECT * FROM products WHERE sku = $1;

-- name: ProductPrice :one
SELECT price FROM products WHERE sku = $1;

-- name: ProductsBySKUs :many
SELECT sku, title FROM products WHERE sku = ANY(@skus::text[]);

-- name: ProductsWithKeyword :many
SELECT sku FROM products WHERE @keyword::text = ANY(keywords);

-- name: RestockProduct :execrows
UPDATE products SET stock = stock + @amount WHERE sku = @sku;

-- name: ProductsLowOnStock :many
SELECT sku, stock FROM products WHERE stock < $1 ORDER BY stock;

-- name: ProductAttribute :one
SELECT attributes ->> 'color' AS color FROM products WHERE sku = $1;

-- name: ProductsWithAttribute :many
SELECT sku FROM products WHERE attributes @> $1;

-- name: SetAttributes :exec
UPDATE products SET attributes = $1 WHERE sku = $2;

-- name: ProductsPriceBetween :many
SELECT sku, price_cents FROM products WHERE price_cents BETWEEN @min_cents AND @max_cents;

-- name: DeleteProduct :exec
DELETE FROM products WHERE sku = $1;

-- name: ProductKeywordCount :one
SELECT cardinality(keywords) AS keyword_count FROM products WHERE sku = $1;
