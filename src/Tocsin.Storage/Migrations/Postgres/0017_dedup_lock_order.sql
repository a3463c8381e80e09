-- Takes a batch's dedup locks (the same locks as the writer's per-key pg_advisory_xact_lock(hashtextextended(name, 0)))
-- in the order of their lock ids, which is the same on every node: two nodes' batches with keys in common then wait
-- for each other instead of deadlocking. A procedure, so that its call returns no rows.
CREATE PROCEDURE tocsin_lock_dedup_keys(names TEXT[]) LANGUAGE plpgsql AS $$
DECLARE
    id BIGINT;
BEGIN
    FOR id IN SELECT DISTINCT hashtextextended(n, 0) FROM unnest(names) AS n ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(id);
    END LOOP;
END
$$;
