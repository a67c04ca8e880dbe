-- name: CreateCustomer :one
INSERT INTO customers (name, email, phone_number) VALUES ($1, $2, $3) RETURNING *;

-- name: GetCustomer :one
SELECT * FROM customers WHERE id = $1;

-- name: FindCustomerByEmail :one
SELECT id, name FROM customers WHERE email = $1;

-- name: ListCustomers :many
SELECT id, name, email, phone_number FROM customers ORDER BY name LIMIT $1;

-- name: RenameCustomer :exec
UPDATE customers SET name = $2 WHERE id = $1;

-- name: AddCredit :one
UPDATE customers SET credit = credit + $1 WHERE id = $2 RETURNING credit;

-- name: CustomersWithCreditAbove :many
SELECT id, credit FROM customers WHERE credit > $1;

-- name: DeleteCustomer :execresult
DELETE FROM customers WHERE id = $1;

-- name: CustomerPhones :many
SELECT phone_number FROM customers WHERE phone_number IS NOT NULL;

-- name: SearchCustomers :many
SELECT id, name FROM customers
WHERE (sqlc.narg(name_prefix)::text IS NULL OR name LIKE sqlc.narg(name_prefix) || '%')
  AND (sqlc.narg(min_credit)::numeric IS NULL OR credit >= sqlc.narg(min_credit))
ORDER BY id
LIMIT sqlc.arg(page_size);

-- name: CustomerCount :one
SELECT count(*) AS customers FROM customers;

-- name: CustomerSince :one
SELECT created_at FROM customers WHERE id = $1;

-- name: CustomerEmailDomain :one
SELECT split_part(email, '@', 2) AS domain FROM customers WHERE id = $1;
