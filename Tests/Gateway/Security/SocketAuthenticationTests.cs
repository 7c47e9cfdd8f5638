using System.Net;
using System.Net.WebSockets;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Security;

/// <summary>WebSocket cards: the token from the query or Sec-WebSocket-Protocol, checked before the upgrade.</summary>
[Collection(SharedCluster.Name)]
public sealed class SocketAuthenticationTests(ClusterFixture fixture) : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    public async ValueTask InitializeAsync() =>
        _gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings(new Dictionary<string, string?>
        {
            ["Cereon:Auth:ClockSkew"] = "00:00:00",
        }));

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task UpgradeWithoutToken_IsRefusedBeforeTheUpgrade()
    {
        var status = await LiveClient.RefusedUpgradeAsync(_gateway.BaseAddress, "/api/cards/showcase_private_ticker");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task UpgradeWithExpiredTokenInQuery_IsRefused()
    {
        var expired = TestTokens.For("alice", lifetime: TimeSpan.FromMinutes(-5));

        var status = await LiveClient.RefusedUpgradeAsync(_gateway.BaseAddress, $"/api/cards/showcase_private_ticker?access_token={expired}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task TokenInQuery_Connects_AndData_Flows()
    {
        await using var client = await LiveClient.ConnectAsync(_gateway.BaseAddress, $"/api/cards/showcase_private_ticker?access_token={TestTokens.For("alice")}");
        await client.SubscribeAsync("s1");

        var data = await client.ReceiveDataAsync(1);

        Assert.Equal("showcase_private_ticker", (string?)data[0]["cardId"]);
    }

    [Fact]
    public async Task TokenInSubprotocol_Connects_AndTheTokenIsNotEchoed()
    {
        await using var client = await LiveClient.ConnectAsync(_gateway.BaseAddress, "/api/cards/showcase_private_ticker", options =>
        {
            options.AddSubProtocol("access_token");
            options.AddSubProtocol(TestTokens.For("alice"));
        });
        await client.SubscribeAsync("s1");

        await client.ReceiveDataAsync(1);
        Assert.Equal("access_token", client.SubProtocol);
    }

    [Fact]
    public async Task SubscribingToAProtectedCard_FromAPublicSocket_IsASubscriptionError()
    {
        await using var client = await LiveClient.ConnectAsync(_gateway.BaseAddress, "/api/cards/showcase_ticker");
        await client.SubscribeAsync("p1", cardId: "showcase_private_ticker");

        var answer = await client.ReceiveUntilAsync(m => (string?)m["subscriptionId"] == "p1");

        Assert.Equal("subscription_error", (string?)answer["action"]);
        Assert.Equal("Not allowed to use this card", (string?)answer["message"]);
    }

    [Fact]
    public async Task SocketIsClosed_WhenItsTokenExpires()
    {
        var shortLived = TestTokens.For("alice", lifetime: TimeSpan.FromSeconds(2));
        await using var client = await LiveClient.ConnectAsync(_gateway.BaseAddress, $"/api/cards/showcase_private_ticker?access_token={shortLived}");
        await client.SubscribeAsync("s1");

        while (await client.ReceiveAsync(TimeSpan.FromSeconds(20)) is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)4001, client.CloseStatus);
    }
}
