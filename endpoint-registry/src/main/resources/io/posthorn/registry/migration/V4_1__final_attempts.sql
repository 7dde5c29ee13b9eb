-- Recover sends again only events whose newest attempt is a final failure (docs/decisions/0019).
-- Workers mark the attempt after which nothing follows ("final"). Rows logged before the mark
-- existed: gone, aborted and rejected were always the last attempt of their task; a failed one
-- cannot be told apart from a retry still waiting, so it stays not final.
ALTER TABLE posthorn_registry.attempts ADD COLUMN is_final boolean NOT NULL DEFAULT false;
UPDATE posthorn_registry.attempts SET is_final = true WHERE outcome IN ('gone', 'aborted', 'rejected');
CREATE INDEX attempts_final_failures ON posthorn_registry.attempts (endpoint_id, started_at, id)
    WHERE is_final AND outcome <> 'delivered';
