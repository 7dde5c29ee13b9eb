-- What a writer using plain SQL sees with \d+ posthorn.outbox (docs/emitting-events.md, "The row").
COMMENT ON COLUMN posthorn.outbox.occurred_at IS
    'When the event happened. Default now(): the start of the inserting transaction, not the insert'
    ' or the commit, so every event of one transaction carries the same time, as one business change.'
    ' A long transaction gives an occurred_at earlier than its commit, and events can reach Kafka out'
    ' of occurred_at order; posthorn.relay.lag grows by the transaction''s length. Set it yourself'
    ' (or use clock_timestamp()) if you need the moment of the insert.';
