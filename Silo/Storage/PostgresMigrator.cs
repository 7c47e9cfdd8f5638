using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cereon.Silo.Storage;

/// <summary>
/// Brings a PostgreSQL database to the schema this build expects: the scripts under <c>Storage/Migrations</c>,
/// embedded in the assembly and named <c>NNNN_name.sql</c>, applied in version order, each once, each in its own
/// transaction, and recorded in <c>cereon_schema_migrations</c>.
/// </summary>
/// <remarks>
/// Scripts run inside a transaction, so they must not contain <c>BEGIN</c>/<c>COMMIT</c> or statements PostgreSQL refuses
/// in one (<c>CREATE INDEX CONCURRENTLY</c>). A migration, once released, is never edited: fix forward with a new one.
/// </remarks>
public static partial class PostgresMigrator
{
    // Session-level advisory lock taken around the whole run ("cereon" in ASCII). Two silos starting together, or a
    // Kubernetes Job retried while its first pod still runs, would otherwise both read the same history and apply
    // the same script twice; with it the second waits, then finds nothing left to do.
    private const long LockKey = 0x63_65_72_65_6F_6E;

    private const string ResourcePrefix = "Cereon.Silo.Storage.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new(LoadEmbedded);

    /// <summary>Applies every embedded migration the database has not recorded yet. Running it again is a no-op.</summary>
    /// <param name="connectionString">An Npgsql connection string for a role that may create tables and functions.</param>
    /// <param name="logger">Receives one line per applied migration.</param>
    /// <param name="ct">Cancels the run, including a wait for another migrator's lock; the migration in flight rolls back.</param>
    public static async Task<MigrationReport> MigrateAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(logger);
        var migrations = Embedded.Value;

        // A session lock needs one physical connection for the whole run, which multiplexing would not give us.
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);

        if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", ct))
        {
            LogWaitingForLock(logger);
            await ScalarAsync<object>(connection, "SELECT pg_advisory_lock(@key)", ct);
        }

        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS cereon_schema_migrations
                (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, ct);
            var recorded = await ReadRecordedAsync(connection, ct);

            var applied = new List<string>();
            foreach (var migration in migrations.Where(m => !recorded.Contains(m.Version)))
            {
                var started = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, migration.Sql, ct);
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO cereon_schema_migrations (version, name, applied_at) VALUES (@version, @name, now())", ct,
                    new NpgsqlParameter<int>("version", migration.Version), new NpgsqlParameter<string>("name", migration.Name));
                await transaction.CommitAsync(ct);

                var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                recorded.Add(migration.Version);
                applied.Add(migration.FileName);
                LogApplied(logger, migration.FileName, elapsedMs);
            }

            var schemaVersion = recorded.Count == 0 ? 0 : recorded.Max();
            var buildVersion = migrations.Count == 0 ? 0 : migrations[^1].Version;
            if (schemaVersion > buildVersion)
            {
                // A newer build migrated first (a rolling upgrade); its scripts are additive, so this one carries on.
                LogNewerThanBuild(logger, schemaVersion, buildVersion);
            }
            else if (applied.Count == 0)
            {
                LogUpToDate(logger, schemaVersion);
            }

            return new MigrationReport(applied, schemaVersion);
        }
        finally
        {
            // Closing the connection would release the lock too, but a pooled connection is only reset when it is
            // next used; release it now so that a waiting migrator goes on at once.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
            }
        }
    }

    private static async Task<HashSet<int>> ReadRecordedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var recorded = new HashSet<int>();
        await using var command = new NpgsqlCommand("SELECT version FROM cereon_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded.Add(reader.GetInt32(0));
        }

        return recorded;
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<long>("key", LockKey));
        return (T?)await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        // No command timeout: a migration may rewrite a large table; the caller's token bounds the wait instead.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{fileName}.sql' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, fileName[(separator + 1)..], fileName, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        var duplicate = migrations.Zip(migrations.Skip(1)).FirstOrDefault(pair => pair.First.Version == pair.Second.Version);
        if (duplicate != default)
        {
            throw new InvalidOperationException(
                $"Migrations '{duplicate.First.FileName}' and '{duplicate.Second.FileName}' share version {duplicate.First.Version}.");
        }

        return migrations;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process to finish migrating the database")]
    private static partial void LogWaitingForLock(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Migration} in {ElapsedMs} ms")]
    private static partial void LogApplied(ILogger logger, string migration, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date at version {Version}")]
    private static partial void LogUpToDate(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database schema is at version {Version}, newer than this build's {BuildVersion}; leaving it as it is")]
    private static partial void LogNewerThanBuild(ILogger logger, int version, int buildVersion);

    private sealed record Migration(int Version, string Name, string FileName, string Sql);
}
