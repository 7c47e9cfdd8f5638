using Npgsql;

namespace Cereon.Tests.Integration.Cluster;

/// <summary>Backup, wipe and restore on a cluster of its own, following docs/operations.md.</summary>
[Trait("Category", "Slow")]
[Collection(FailoverTests.Name)]
public sealed class BackupDrillTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>
{
    [Fact]
    public async Task Backup_Wipe_Restore_BringsBackPublishedRecordsAndCardState()
    {
        var publisher = new Publisher(cluster.Gateways, "showcase_ticker");
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await publisher.RunAsync(stop.Token);
        }

        using var http = new HttpClient();
        await ClusterReadiness.WaitForCardAsync(http, cluster.Gateways[0], "/api/cards/mrr_overview");
        var backups = Path.Combine(cluster.StateDirectory, "backups");
        var environment = new Dictionary<string, string> { ["BACKUP_DIR"] = backups };
        await cluster.RunScriptAsync("scripts/backup.sh", environment);
        var before = await CountAsync("SELECT count(*) FROM cereon_grain_state");

        // As docs/operations.md says: silos are stopped while the database is wiped and restored, so none writes in
        // the middle or keeps newer state in memory; gateways stay up.
        await cluster.StopGracefullyAsync("silo", 1);
        await cluster.StopGracefullyAsync("silo", 2);
        await ExecuteAsync("TRUNCATE cereon_live_messages; TRUNCATE cereon_grain_state");
        await cluster.RunScriptAsync("scripts/restore.sh", environment);
        await cluster.RestartAsync("silo", 1);
        await cluster.RestartAsync("silo", 2);
        using var served = await http.GetAsync(new Uri(cluster.Gateways[1], "/api/cards/mrr_overview"));

        Assert.True(before > 0);
        Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM cereon_grain_state"));
        Assert.Equal(publisher.Acknowledged.Count, await CountStoredAsync(publisher.Acknowledged));
    }

    private async Task<long> CountStoredAsync(IReadOnlyList<string> ids)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM cereon_live_messages WHERE message_id = ANY(@ids)", connection);
        count.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
