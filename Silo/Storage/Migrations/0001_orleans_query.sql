-- 0001: the table Orleans' ADO.NET providers load their SQL from.
--
-- Microsoft.Orleans.Persistence.AdoNet sends exactly one statement of its own, once per provider at silo start:
--     SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = '...' OR ...
-- and from then on only runs the texts it found here, binding named parameters (@GrainIdHash, ...). The table and
-- column names are therefore fixed by the provider. It writes them unquoted, so PostgreSQL folds them to lower case
-- and so do we. Other Orleans ADO.NET providers (clustering, reminders) keep their queries in the same table under
-- their own keys, which is why later migrations add or replace rows by key and never rebuild the table.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    -- text, not a bounded varchar: a query is as long as it needs to be.
    querytext text        NOT NULL
);
