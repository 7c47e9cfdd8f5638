using System.Text;
using Cereon.Bench.CachedRead;
using Cereon.Bench.Cli;
using Npgsql;

namespace Cereon.Bench.DurablePublish;

/// <summary>
/// Issue 13 item 6: one-record publishes into one live card through a gateway of the distributed cluster, each
/// acknowledged once stored in PostgreSQL, beside pgbench inserting rows of the same shape into the same database
/// (the ceiling), in alternating rounds. Afterwards the stored numbering of the card stream is checked for gaps.
/// </summary>
internal static class DurablePublishScenario
{
    /// <summary>Concurrent publishers, and pgbench clients: the issue's figures were taken with 32 of each.</summary>
    public const int Connections = 32;

    public const string CardPath = "/api/cards/showcase_ticker";
    private const string Database = "cereon";
    private const string CeilingTable = "bench_publish_ceiling";

    /// <summary>A ticker record as a publisher sends it; the ceiling inserts its bytes.</summary>
    private const string Record = """{"date":"2026-11-30T05:00:00Z","value":5}""";

    public static string WrkCommandLine(TimeSpan round, Uri gateway) =>
        $"wrk -t{Wrk.Threads} -c{Connections} -d{round.TotalSeconds:0}s --latency -s publish.lua {new Uri(gateway, CardPath + "/publish")}";

    public static string PgBenchCommandLine(TimeSpan round, int port) => PgBench.CommandLine(Connections, round, "insert.sql", port, Database);

    public static async Task<DurablePublishResult> RunAsync(Uri gateway, int postgresPort, string work, TimeSpan warmUp, TimeSpan round, int rounds, CancellationToken cancellationToken)
    {
        var script = Path.Combine(work, "publish.lua");
        await File.WriteAllTextAsync(script, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = '{"data":[{{Record}}]}'
            """, cancellationToken);
        var insert = Path.Combine(work, "insert.sql");
        await File.WriteAllTextAsync(insert, $"""
            INSERT INTO {CeilingTable} (stream, seq, message_id, produced_at, record)
            VALUES ('bench', nextval('{CeilingTable}_seq'), 'bench-' || currval('{CeilingTable}_seq'), now(), '\x{Convert.ToHexString(Encoding.UTF8.GetBytes(Record))}'::bytea);
            """, cancellationToken);

        await using var database = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={postgresPort};Database={Database};Username=postgres");
        await ExecuteAsync(database, $"""
            DROP TABLE IF EXISTS {CeilingTable};
            CREATE TABLE {CeilingTable} (LIKE cereon_live_messages INCLUDING ALL);
            CREATE SEQUENCE IF NOT EXISTS {CeilingTable}_seq;
            """, cancellationToken);
        try
        {
            var publish = new Uri(gateway, CardPath + "/publish");
            await Wrk.RunAsync(publish, warmUp, cancellationToken, script: script, connections: Connections);
            var cereon = new List<WrkResult>();
            var ceiling = new List<PgBenchResult>();
            for (var i = 0; i < rounds; i++)
            {
                cereon.Add(await Wrk.RunAsync(publish, round, cancellationToken, script: script, connections: Connections));
                ceiling.Add(await PgBench.RunAsync(Connections, round, insert, postgresPort, Database, cancellationToken));
            }

            var numbering = await NumberingAsync(database, cancellationToken);
            return new DurablePublishResult(WrkResult.Combine(cereon), ceiling.Average(c => c.TransactionsPerSecond), ceiling.Max(c => c.AverageLatency), numbering);
        }
        finally
        {
            await ExecuteAsync(database, $"DROP TABLE IF EXISTS {CeilingTable}; DROP SEQUENCE IF EXISTS {CeilingTable}_seq;", CancellationToken.None);
        }
    }

    /// <summary>The card stream's stored messages: how many, from which seq to which, and where its head stands.</summary>
    private static async Task<StoredNumbering> NumberingAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var query = database.CreateCommand("""
            SELECT count(m.seq), coalesce(min(m.seq), 0), coalesce(max(m.seq), 0), s.last_seq
            FROM cereon_live_streams s LEFT JOIN cereon_live_messages m ON m.stream = s.stream
            WHERE s.stream LIKE $1
            GROUP BY s.stream, s.last_seq
            """);
        query.Parameters.Add(new NpgsqlParameter { Value = CardPath + "@%" });
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new BenchFailure($"no stored stream of {CardPath} after publishing into it");
        }

        return new StoredNumbering(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Publishing measured with wrk beside pgbench's rate and worst average latency over the same rounds.</summary>
internal sealed record DurablePublishResult(WrkResult Publish, double CeilingTps, TimeSpan CeilingLatency, StoredNumbering Numbering);

/// <summary>A card stream's stored messages; gap-free when they are every seq from the first to the head.</summary>
internal sealed record StoredNumbering(long Count, long First, long Last, long Head)
{
    public bool GapFree => Count > 0 && Count == Last - First + 1 && Last == Head;
}
