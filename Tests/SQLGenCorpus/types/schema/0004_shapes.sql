-- +goose Up
-- The geometric types: Swift types of the Database module, through COPY and bound parameters.
CREATE TABLE shapes (
    id        bigserial PRIMARY KEY,
    anchor    point NOT NULL,
    edge      lseg,
    bounds    box,
    guide     line,
    reach     circle,
    route     path,
    outline   polygon,
    stops     point[],
    tiles     box[]
);

-- +goose Down
DROP TABLE shapes;
