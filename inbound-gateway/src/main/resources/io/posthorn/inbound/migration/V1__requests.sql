-- The inbound log (issue 17, decision 0053): one row per accepted request, written in the same
-- transaction as its outbox row. A provider's re-delivery carries the same delivery id: the
-- unique constraint makes its insert do nothing, and then no event is written either. A request
-- without a delivery id (NULL) is never a duplicate.
CREATE TABLE posthorn_inbound.requests (
    id            uuid        PRIMARY KEY,
    connection_id text        NOT NULL,
    provider      text        NOT NULL,
    delivery_id   text        NULL,
    received_at   timestamptz NOT NULL,
    verdict       text        NOT NULL,
    event_type    text        NOT NULL,
    client        text        NOT NULL,
    headers       jsonb       NOT NULL,
    body          bytea       NOT NULL,
    CONSTRAINT requests_one_per_delivery UNIQUE (connection_id, delivery_id)
);
CREATE INDEX requests_received ON posthorn_inbound.requests (received_at);
