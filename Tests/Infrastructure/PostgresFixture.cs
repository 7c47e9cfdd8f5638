namespace Cereon.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server shared by the tests of <see cref="SharedPostgres"/>; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync($"t_{Keys.Fresh()}");

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedPostgres : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
