-- Ordered delivery per endpoint (decision 0045): concurrent (the default) or ordered per aggregate,
-- and for ordered what a dead letter does to its aggregate's later events (skip or block).
ALTER TABLE posthorn_registry.endpoints
  ADD COLUMN delivery text NOT NULL DEFAULT 'concurrent'
    CHECK (delivery IN ('concurrent', 'ordered')),
  ADD COLUMN ordered_on_dead_letter text NOT NULL DEFAULT 'skip'
    CHECK (ordered_on_dead_letter IN ('skip', 'block'));
