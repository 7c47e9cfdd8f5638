-- 0002: grain state for Orleans' ADO.NET grain storage provider (invariant "Npgsql").
--
-- The provider's contract, as Orleans.Persistence.AdoNet 10.x uses it:
--   * At start it loads four rows of orleansquery: ReadFromStorageKey, WriteToStorageKey, ClearStorageKey and
--     DeleteStorageKey (the last only when DeleteStateOnClear is set). How and where state is kept is ours to decide.
--   * Every query gets the grain's identity as parameters: @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash,
--     @GrainIdN0, @GrainIdN1, @GrainIdExtensionString. The two hashes are computed by the provider (Orleans'
--     StableHash of the UTF-8 type name and of the key bytes) so that a narrow integer index can find the row; they
--     are not unique, so the full identity is always compared as well.
--   * The ETag is our version number as a decimal string. Write and clear also get @GrainStateVersion (the ETag the
--     grain holds, NULL when it has never seen a row) and must hand back the new version in a column named
--     NewGrainStateVersion. The provider throws InconsistentStateException when what comes back is NULL, nothing, or
--     equal to the ETag it sent, so every losing write answers NULL (or no row, for clear and delete).
--   * Read returns at most one row with columns PayloadBinary and Version. A row with a NULL payload is a cleared
--     state: the grain starts from its default state but keeps the version as its ETag.
--
-- Everything here can run again without harm: tables and indexes are created only if missing, the function is
-- replaced, and the query rows are upserted by key.

CREATE TABLE IF NOT EXISTS cereon_grain_state
(
    service_id      text        NOT NULL, -- ClusterOptions.ServiceId: deployments sharing a database stay apart
    grain_type      text        NOT NULL, -- the grain class, generic arguments normalised by the provider
    grain_type_hash integer     NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL, -- Guid keys: both halves; integer keys: 0 and the key; string keys: 0, 0
    grain_id_n1     bigint      NOT NULL,
    -- String keys, or the key extension of Guid and integer keys; NULL when there is neither. Unbounded, because
    -- card grain keys carry the request's canonical parameters.
    grain_id_string text        NULL,
    payload         bytea       NULL,     -- the serialized state; NULL once cleared (the row and its version stay)
    version         integer     NOT NULL, -- the ETag: 1 on the first write, one more on every write and clear
    modified_on     timestamptz NOT NULL DEFAULT now()
);

-- One row per grain. This index is both the lookup path (its leading integer hashes are what every query filters on
-- first) and what settles the first-write race in cereon_write_grain_state. The string key enters it as an md5 digest
-- because a btree entry must stay under about 2.7 kB and keys may be far longer; queries still compare the full
-- string, so a digest collision could only ever refuse a write, never mix two grains' states. coalesce keeps a NULL
-- string key distinct from every real one (an md5 digest is never empty) and makes two NULLs collide, as they must.
CREATE UNIQUE INDEX IF NOT EXISTS cereon_grain_state_identity ON cereon_grain_state
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1,
     (coalesce(md5(grain_id_string), '')));

-- Write is the one operation with two paths, so it lives in a function rather than in the query text.
CREATE OR REPLACE FUNCTION cereon_write_grain_state(
    p_service_id       text,
    p_grain_type       text,
    p_grain_type_hash  integer,
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_id_string  text,
    p_expected_version integer,
    p_payload          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $function$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- The grain has never seen a row, so this is its first write. Two activations of one grain (a split
        -- cluster, or a reactivation racing a slow deactivation) can both get here. A NOT EXISTS check would let
        -- both insert under READ COMMITTED; the unique identity index lets exactly one win instead: the other
        -- waits for the winner's commit, then DO NOTHING leaves new_version NULL and its write fails.
        INSERT INTO cereon_grain_state
            (service_id, grain_type, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_string,
             payload, version, modified_on)
        VALUES
            (p_service_id, p_grain_type, p_grain_type_hash, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_string, p_payload, 1, now())
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        -- Optimistic concurrency: only a writer holding the current version may replace the state. A second
        -- writer with the same version blocks on the row lock, then re-checks this WHERE against the committed row,
        -- finds the version moved on and updates nothing.
        UPDATE cereon_grain_state
           SET payload = p_payload,
               version = version + 1,
               modified_on = now()
         WHERE grain_id_hash = p_grain_id_hash
           AND grain_type_hash = p_grain_type_hash
           AND service_id = p_service_id
           AND grain_type = p_grain_type
           AND grain_id_n0 = p_grain_id_n0
           AND grain_id_n1 = p_grain_id_n1
           AND grain_id_string IS NOT DISTINCT FROM p_grain_id_string
           AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;

    -- NULL when the write lost; the provider turns that into InconsistentStateException.
    RETURN new_version;
END;
$function$;

-- The texts the provider runs. Parameter names and result column names are the provider's; the quoted aliases
-- give the result columns the exact names it asks for.
INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    'ReadFromStorageKey',
    $query$
    SELECT payload AS "PayloadBinary", version AS "Version"
      FROM cereon_grain_state
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_id_string IS NOT DISTINCT FROM @GrainIdExtensionString
    $query$
),
(
    'WriteToStorageKey',
    $query$
    SELECT cereon_write_grain_state(
        @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
        @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"
    $query$
),
(
    -- Clearing keeps the row with a NULL payload and a new version, so a stale writer still loses afterwards.
    -- The provider reads the first column; no row back means the ETag was stale.
    'ClearStorageKey',
    $query$
    UPDATE cereon_grain_state
       SET payload = NULL,
           version = version + 1,
           modified_on = now()
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_id_string IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version AS "NewGrainStateVersion"
    $query$
),
(
    -- Used instead of ClearStorageKey when DeleteStateOnClear is set. The deleted row's version is exactly the ETag
    -- the provider sent, which it would read as a conflict, so we answer one more; it then drops the ETag itself,
    -- and the grain's next write inserts afresh.
    'DeleteStorageKey',
    $query$
    DELETE FROM cereon_grain_state
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_id_string IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version + 1 AS "NewGrainStateVersion"
    $query$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
