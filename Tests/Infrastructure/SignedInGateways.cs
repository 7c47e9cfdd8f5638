namespace Cereon.Tests.Infrastructure;

/// <summary>
/// Two gateways on the shared test cluster that accept <see cref="TestTokens"/>: one sharing the cluster's client, one
/// with a client of its own, for tests that move a signed-in caller between gateways.
/// </summary>
public sealed class SignedInGateways : IAsyncDisposable
{
    private SignedInGateways(GatewayServer gateway, GatewayServer other)
    {
        Gateway = gateway;
        Other = other;
    }

    public GatewayServer Gateway { get; }

    public GatewayServer Other { get; }

    public static async Task<SignedInGateways> StartAsync(ClusterFixture fixture) =>
        new(await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings()),
            await GatewayServer.StartWithOwnClientAsync(fixture.Cluster, TestTokens.GatewaySettings()));

    public async ValueTask DisposeAsync()
    {
        await Other.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
