using System.Globalization;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Silo.Storage;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Cereon.Tests.Silo.Storage;

/// <summary>
/// Our PostgreSQL migrations against a real server, and Orleans' own ADO.NET grain storage provider against the
/// database they produce.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgresStorageTests(PostgresFixture postgres)
{
    private static readonly string[] FirstMigrations = ["0001_orleans_query", "0002_grain_storage"];

    private static readonly string[] QueryKeys = ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    [Fact]
    public async Task Migrations_OnAFreshDatabase_CreateTheSchema()
    {
        var database = await postgres.CreateDatabaseAsync();

        var report = await MigrateAsync(database);

        Assert.Equal(FirstMigrations, report.Applied.Take(2));
        Assert.Equal(report.Applied.Order(StringComparer.Ordinal), report.Applied);
        Assert.Equal(int.Parse(report.Applied[^1][..4], CultureInfo.InvariantCulture), report.SchemaVersion);
        Assert.Equal(report.Applied.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_schema_migrations"));
        Assert.Equal(
            QueryKeys.Order(StringComparer.Ordinal),
            await ListAsync(database, "SELECT querykey FROM orleansquery WHERE querykey LIKE '%StorageKey' ORDER BY querykey COLLATE \"C\""));
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_grain_state"));
    }

    [Fact]
    public async Task Migrations_AppliedTwice_AreANoOp()
    {
        var database = await postgres.CreateDatabaseAsync();
        await MigrateAsync(database);
        var before = await SchemaAsync(database);

        var second = await MigrateAsync(database);

        Assert.Empty(second.Applied);
        Assert.True(second.SchemaVersion >= 2);
        // Includes each query row's xmin and each migration's applied_at: nothing was even rewritten.
        Assert.Equal(before, await SchemaAsync(database));
    }

    [Fact]
    public async Task Migrations_Concurrently_ApplyOnce()
    {
        var database = await postgres.CreateDatabaseAsync();

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MigrateAsync(database))));

        // The lock spans a whole run: one migrator applies everything, the others find nothing left.
        var winner = Assert.Single(reports, r => r.Applied.Count > 0);
        Assert.Contains("0002_grain_storage", winner.Applied);
        Assert.All(reports, r => Assert.Equal(winner.SchemaVersion, r.SchemaVersion));
        Assert.Equal(winner.Applied.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_schema_migrations"));
    }

    [Fact]
    public async Task MigrationScripts_RunAgainByHand_ChangeNothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        await MigrateAsync(database);
        var before = await SchemaAsync(database, withRowVersions: false);

        var assembly = typeof(PostgresMigrator).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            await ExecuteAsync(database, await reader.ReadToEndAsync());
        }

        Assert.Equal(before, await SchemaAsync(database, withRowVersions: false));
    }

    [Fact]
    public async Task GrainState_AfterDeactivation_IsReadBackFromTheDatabase()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            var grain = cluster.GrainFactory.GetGrain<IStoredNoteGrain>(Keys.Fresh());
            await grain.SetAsync("hello");
            var first = await grain.GetAsync();
            await grain.DeactivateAsync();

            var reread = await grain.GetAsync();

            Assert.NotEqual(first.Activation, reread.Activation);
            Assert.Equal(("hello", "1"), (reread.Text, reread.ETag));
            Assert.True(reread.RecordExists);
            Assert.Equal(1L, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_grain_state WHERE payload IS NOT NULL"));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task WriteState_WithAStaleETag_IsRejected()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            var storage = Storage(cluster, StorageNames.Cards);
            var id = GrainId.Create("stored-note", Keys.Fresh());
            await storage.WriteStateAsync("note", id, new GrainState<StoredNote>(new StoredNote { Text = "v1" }));
            var mine = await ReadAsync(storage, id);
            var theirs = await ReadAsync(storage, id);

            theirs.State!.Text = "theirs";
            await storage.WriteStateAsync("note", id, theirs);
            mine.State!.Text = "mine";

            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", id, mine));
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("note", id, mine));
            var stored = await ReadAsync(storage, id);
            Assert.Equal(("theirs", "2"), (stored.State!.Text, stored.ETag));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task FirstWrite_FromTwoActivations_OnlyOneWins()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            var storage = Storage(cluster, StorageNames.Cards);
            var id = GrainId.Create("stored-note", Keys.Fresh());
            var first = await ReadAsync(storage, id);
            var second = await ReadAsync(storage, id);

            await storage.WriteStateAsync("note", id, first);

            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", id, second));
            Assert.Equal(1L, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_grain_state"));

            // And when the two first writes really overlap: a test-only trigger holds every insert for a moment, so
            // both writers of a grain are past any "does a row exist yet?" check before either commits. Still exactly
            // one winner and one row per grain.
            await ExecuteAsync(database, """
                CREATE FUNCTION test_slow_insert() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$;
                CREATE TRIGGER test_slow_insert BEFORE INSERT ON cereon_grain_state
                    FOR EACH ROW EXECUTE FUNCTION test_slow_insert();
                """);
            var raced = Enumerable.Range(0, 5).Select(_ => GrainId.Create("stored-note", Keys.Fresh())).ToList();
            var outcomes = await Task.WhenAll(raced.SelectMany(raceId => Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await storage.WriteStateAsync("note", raceId, new GrainState<StoredNote>(new StoredNote()));
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            }))));
            Assert.Equal(raced.Count, outcomes.Count(won => won));
            Assert.Equal(1L + raced.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_grain_state"));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task ClearState_LeavesTheDefaultState_AndAVersionStaleWritersCannotReuse()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            var grain = cluster.GrainFactory.GetGrain<IStoredNoteGrain>(Keys.Fresh());
            await grain.SetAsync("hello");
            await grain.ClearAsync();
            await grain.DeactivateAsync();

            var cleared = await grain.GetAsync();
            Assert.Null(cleared.Text);
            Assert.False(cleared.RecordExists);
            Assert.Equal("2", cleared.ETag);
            Assert.Equal(1L, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_grain_state WHERE payload IS NULL AND version = 2"));

            await grain.SetAsync("again");
            var again = await grain.GetAsync();
            Assert.Equal(("again", "3"), (again.Text, again.ETag));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task ClearState_WithDeleteStateOnClear_RemovesTheRow()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            var storage = Storage(cluster, DeletingStorage);
            var id = GrainId.Create("stored-note", Keys.Fresh());
            var state = new GrainState<StoredNote>(new StoredNote { Text = "hello" });
            await storage.WriteStateAsync("note", id, state);

            await storage.ClearStateAsync("note", id, state);

            Assert.Null(state.ETag);
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM cereon_grain_state"));
            await storage.WriteStateAsync("note", id, state);
            Assert.Equal("1", state.ETag);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task LongStringKeys_AreStoredAndFoundAgain()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            // Card grain keys carry canonical request parameters, far past a btree entry's ~2.7 kB.
            var storage = Storage(cluster, StorageNames.Cards);
            var id = GrainId.Create("stored-note", $"{Keys.Fresh()}?{new string('x', 20_000)}");
            var state = new GrainState<StoredNote>(new StoredNote { Text = "long" });
            await storage.WriteStateAsync("note", id, state);
            await storage.WriteStateAsync("note", id, state);

            var stored = await ReadAsync(storage, id);
            Assert.Equal(("long", "2"), (stored.State!.Text, stored.ETag));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task GrainState_SurvivesAFullClusterRestart()
    {
        var database = await MigratedDatabaseAsync();
        var serviceId = Keys.Fresh();
        var key = Keys.Fresh();
        var before = await StartClusterAsync(database, serviceId);
        try
        {
            await before.GrainFactory.GetGrain<IStoredNoteGrain>(key).SetAsync("kept");
        }
        finally
        {
            await StopAsync(before);
        }

        var after = await StartClusterAsync(database, serviceId);
        try
        {
            var note = await after.GrainFactory.GetGrain<IStoredNoteGrain>(key).GetAsync();
            Assert.Equal(("kept", "1"), (note.Text, note.ETag));
        }
        finally
        {
            await StopAsync(after);
        }
    }

    [Fact]
    public async Task GrainState_SurvivesADatabaseCrash()
    {
        var database = await MigratedDatabaseAsync();
        var cluster = await StartClusterAsync(database, Keys.Fresh());
        try
        {
            var grain = cluster.GrainFactory.GetGrain<IStoredNoteGrain>(Keys.Fresh());
            await grain.SetAsync("committed");
            await grain.DeactivateAsync();

            await postgres.Server.KillAsync();
            await postgres.Server.StartAsync();

            Assert.Equal("committed", (await grain.GetAsync()).Text);
            await grain.SetAsync("after recovery");
            Assert.Equal("2", (await grain.GetAsync()).ETag);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    internal const string ConnectionStringKey = "Cereon:Tests:PostgresConnectionString";

    internal const string DeletingStorage = "cards-delete-on-clear";

    private async Task<string> MigratedDatabaseAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        await MigrateAsync(database);
        return database;
    }

    private static Task<MigrationReport> MigrateAsync(string database) =>
        PostgresMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);

    private static async Task<TestCluster> StartClusterAsync(string database, string serviceId)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Properties[ConnectionStringKey] = database;
        builder.AddSiloBuilderConfigurator<PostgresStorageSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    private static IGrainStorage Storage(TestCluster cluster, string name) =>
        ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(name);

    private static async Task<GrainState<StoredNote>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<StoredNote>();
        await storage.ReadStateAsync("note", id, state);
        return state;
    }

    /// <summary>Everything a migration could change, as one comparable text.</summary>
    private static async Task<string> SchemaAsync(string database, bool withRowVersions = true)
    {
        var rows = await ListAsync(database, $"""
            SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default)
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT format('function %s %s', p.oid::regprocedure, md5(p.prosrc))
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
            UNION ALL SELECT format('query %s %s %s', querykey, md5(querytext), {(withRowVersions ? "xmin" : "''")}) FROM orleansquery
            UNION ALL SELECT format('migration %s %s %s', version, name, {(withRowVersions ? "applied_at" : "''")}) FROM cereon_schema_migrations
            """);
        return string.Join('\n', rows.Order(StringComparer.Ordinal));
    }

    private static async Task<List<string>> ListAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The one silo of a storage test cluster keeps state with Orleans' ADO.NET provider in the test's database.</summary>
public sealed class PostgresStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var database = siloBuilder.Configuration[PostgresStorageTests.ConnectionStringKey];
        siloBuilder.AddAdoNetGrainStorage(StorageNames.Cards, options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = database;
        });
        siloBuilder.AddAdoNetGrainStorage(PostgresStorageTests.DeletingStorage, options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = database;
            options.DeleteStateOnClear = true;
        });
    }
}

[Alias("Cereon.Tests.Storage.IStoredNoteGrain")]
public interface IStoredNoteGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<StoredNoteView> GetAsync();

    [Alias("Set")]
    Task SetAsync(string text);

    [Alias("Clear")]
    Task ClearAsync();

    [Alias("Deactivate")]
    Task DeactivateAsync();
}

[GenerateSerializer, Alias("Cereon.Tests.Storage.StoredNote")]
public sealed class StoredNote
{
    [Id(0)]
    public string? Text { get; set; }
}

/// <summary>A note as its grain sees it, with the activation that answered.</summary>
[GenerateSerializer, Immutable, Alias("Cereon.Tests.Storage.StoredNoteView")]
public sealed record StoredNoteView([property: Id(0)] string? Text, [property: Id(1)] string? ETag, [property: Id(2)] bool RecordExists, [property: Id(3)] Guid Activation);

internal sealed class StoredNoteGrain([PersistentState("s", StorageNames.Cards)] IPersistentState<StoredNote> state) : Grain, IStoredNoteGrain
{
    private readonly Guid activation = Guid.NewGuid();

    public Task<StoredNoteView> GetAsync() =>
        Task.FromResult(new StoredNoteView(state.State.Text, state.Etag, state.RecordExists, activation));

    public Task SetAsync(string text)
    {
        state.State.Text = text;
        return state.WriteStateAsync();
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
