-- +goose Up
-- timetz and MAC addresses: Swift types of the Database module, through COPY and bound parameters.
CREATE TABLE clock_readings (
    id        bigserial PRIMARY KEY,
    local_at  timetz NOT NULL,
    device    macaddr,
    device8   macaddr8,
    alarms    timetz[],
    seen_by   macaddr[]
);

-- +goose Down
DROP TABLE clock_readings;
