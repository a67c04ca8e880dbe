-- +goose Up
-- Multiranges: SQLMultirange through COPY and bound parameters.
CREATE TABLE availability (
    id         bigserial PRIMARY KEY,
    seats      int4multirange NOT NULL,
    days       datemultirange,
    prices     nummultirange,
    windows    tstzmultirange,
    tickets    int8multirange
);

-- +goose Down
DROP TABLE availability;
