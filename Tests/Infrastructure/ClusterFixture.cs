using Orleans.TestingHost;

namespace Cereon.Tests.Infrastructure;

/// <summary>One two-silo test cluster and one gateway on Kestrel, shared by the tests of <see cref="SharedCluster"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public HttpClient Http => Gateway.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Gateway = await GatewayServer.StartAsync(Cluster.Client);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
