using System.Text;
using Cereon.Grains.Interfaces.Live;
using Cereon.Silo.Storage;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cereon.Tests.Silo.Storage;

/// <summary>The live history store against a real PostgreSQL, migrated as production is.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgresLiveHistoryStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task TwoActivationsStartingOneStream_AgreeOnTheFirstEpoch_AndKeepItsMessages()
    {
        await using var database = await MigratedAsync();
        var store = new PostgresLiveHistoryStore(database);

        Assert.True(await store.StartAsync("s", "first", CancellationToken.None));
        Assert.True(await store.AppendAsync("s", "first", [Message(1)], CancellationToken.None));
        Assert.False(await store.StartAsync("s", "second", CancellationToken.None));
        var stored = await store.LoadAsync("s", 100, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal("first", stored.Epoch);
        Assert.Equal(1, stored.LastSeq);
        Assert.Equal([1L], stored.Recent.Select(m => m.Seq));
        Assert.False(await store.AppendAsync("s", "second", [Message(2)], CancellationToken.None));
    }

    [Fact]
    public async Task StartingAStream_ForgetsMessagesLeftWithoutAHead()
    {
        await using var database = await MigratedAsync();
        var store = new PostgresLiveHistoryStore(database);
        Assert.True(await store.StartAsync("s", "old", CancellationToken.None));
        Assert.True(await store.AppendAsync("s", "old", [Message(1)], CancellationToken.None));
        await using (var dropHead = database.CreateCommand("DELETE FROM cereon_live_streams"))
        {
            await dropHead.ExecuteNonQueryAsync();
        }

        Assert.True(await store.StartAsync("s", "new", CancellationToken.None));
        var stored = await store.LoadAsync("s", 100, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal("new", stored.Epoch);
        Assert.Empty(stored.Recent);
        Assert.True(await store.AppendAsync("s", "new", [Message(1)], CancellationToken.None));
    }

    [Fact]
    public async Task ABatch_IsStoredWhole_InOneAppend_AndOneThatDoesNotFollowOn_IsRefusedWhole()
    {
        await using var database = await MigratedAsync();
        var store = new PostgresLiveHistoryStore(database);
        Assert.True(await store.StartAsync("s", "e", CancellationToken.None));

        Assert.True(await store.AppendAsync("s", "e", [Message(1), Message(2), Message(3)], CancellationToken.None));
        Assert.False(await store.AppendAsync("s", "e", [Message(3), Message(4)], CancellationToken.None));
        Assert.False(await store.AppendAsync("s", "e", [Message(5), Message(6)], CancellationToken.None));
        Assert.True(await store.AppendAsync("s", "e", [Message(4), Message(5)], CancellationToken.None));
        var stored = await store.LoadAsync("s", 100, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(5, stored.LastSeq);
        Assert.Equal([1L, 2, 3, 4, 5], stored.Recent.Select(m => m.Seq));
        Assert.Equal(["m-1", "m-2", "m-3", "m-4", "m-5"], stored.Recent.Select(m => m.Id));
    }

    /// <summary>
    /// Streams nobody uses go after the retention age, head and messages (issue 12): the table used to keep a row per
    /// stream for ever. A stream in use is appended to, loaded or trimmed at least every 30 s by its grain.
    /// </summary>
    [Fact]
    public async Task StreamsUntouchedForTheRetentionAge_AreForgotten_OthersKept()
    {
        await using var database = await MigratedAsync();
        var store = new PostgresLiveHistoryStore(database);
        foreach (var stream in new[] { "idle", "trimmed", "appended" })
        {
            Assert.True(await store.StartAsync(stream, "e", CancellationToken.None));
            Assert.True(await store.AppendAsync(stream, "e", [Message(1)], CancellationToken.None));
        }

        await using (var age = database.CreateCommand("UPDATE cereon_live_streams SET updated_at = now() - interval '1 hour'"))
        {
            await age.ExecuteNonQueryAsync();
        }

        await store.TrimAsync("trimmed", 0, DateTimeOffset.UnixEpoch, CancellationToken.None);
        Assert.True(await store.AppendAsync("appended", "e", [Message(2)], CancellationToken.None));
        await store.ForgetIdleAsync(TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Null((await store.LoadAsync("idle", 100, DateTimeOffset.UnixEpoch, CancellationToken.None)).Epoch);
        Assert.Equal("e", (await store.LoadAsync("trimmed", 100, DateTimeOffset.UnixEpoch, CancellationToken.None)).Epoch);
        Assert.Equal("e", (await store.LoadAsync("appended", 100, DateTimeOffset.UnixEpoch, CancellationToken.None)).Epoch);
        await using var left = database.CreateCommand("SELECT count(*) FROM cereon_live_messages WHERE stream = 'idle'");
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);
    }

    private async Task<NpgsqlDataSource> MigratedAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await PostgresMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        return NpgsqlDataSource.Create(connectionString);
    }

    private static LiveMessage Message(long seq) =>
        new(seq, $"m-{seq}", DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes("{}"));
}
