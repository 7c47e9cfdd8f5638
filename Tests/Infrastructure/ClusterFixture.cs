using Orleans.TestingHost;

namespace Cereon.Tests.Infrastructure;

/// <summary>One two-silo test cluster and one gateway on Kestrel, shared by the tests of <see cref="SharedCluster"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>A second gateway with its own cluster client, for tests that move clients between gateways.</summary>
    public GatewayServer OtherGateway { get; private set; } = null!;

    public HttpClient Http => Gateway.Client;

    /// <summary>Gateway settings for the tests: leases renewed well within the silos' shortened lease TTL.</summary>
    public static Dictionary<string, string?> GatewaySettings { get; } = new()
    {
        ["Cereon:WebSocket:LeaseRenewInterval"] = "00:00:01",
        ["Cereon:WebSocket:AckFlushInterval"] = "00:00:00.200",
    };

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        // Real sockets between silos and clients, so a second gateway can connect with a client of its own.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Gateway = await GatewayServer.StartAsync(Cluster.Client, GatewaySettings);
        OtherGateway = await GatewayServer.StartWithOwnClientAsync(Cluster, GatewaySettings);
    }

    public async ValueTask DisposeAsync()
    {
        await OtherGateway.DisposeAsync();
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
