using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Security;

/// <summary>
/// Rate and connection limits on real sockets, with small limits so a few requests reach them. Every answer is
/// immediate (429/503 with Retry-After, or close 1013), never a queue or a hang.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class RateLimitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ApiBurst_IsAnswered429_WithRetryAfter()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:RateLimits:ApiBurst"] = "3", ["Cereon:RateLimits:ApiPermitsPerSecond"] = "1" });

        var statuses = new List<HttpResponseMessage>();
        for (var n = 0; n < 8; n++)
        {
            statuses.Add(await gateway.Client.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative)));
        }

        var refused = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("Too many requests; retry later", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(HttpStatusCode.OK, statuses[0].StatusCode);
        statuses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task WebSocketUpgrades_HaveTheirOwnBudget()
    {
        await using var gateway = await StartAsync(new()
        {
            ["Cereon:RateLimits:WebSocketBurst"] = "1",
            ["Cereon:RateLimits:WebSocketPermitsPerSecond"] = "1",
            ["Cereon:RateLimits:ApiBurst"] = "100",
        });

        await using var first = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/showcase_ticker");
        var second = await LiveClient.RefusedUpgradeAsync(gateway.BaseAddress, "/api/cards/showcase_ticker");
        using var api = await gateway.Client.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, second);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequestsPerClient_CountOpenSockets()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:RateLimits:ConcurrentRequestsPerClient"] = "1" });

        await using var socket = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/showcase_ticker");
        using var whileOpen = await gateway.Client.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, whileOpen.StatusCode);
        Assert.NotNull(whileOpen.Headers.RetryAfter);
    }

    [Fact]
    public async Task ForwardedFor_CountsOnlyFromAKnownProxy()
    {
        var limits = new Dictionary<string, string?> { ["Cereon:RateLimits:ApiBurst"] = "2", ["Cereon:RateLimits:ApiPermitsPerSecond"] = "1" };
        await using var direct = await StartAsync(limits);
        await using var behindProxy = await StartAsync(new(limits) { ["Cereon:Gateway:KnownProxies:0"] = "127.0.0.1" });

        // Without a known proxy, a client that varies X-Forwarded-For is still one client.
        Assert.Contains(HttpStatusCode.TooManyRequests, await StatusesAsync(direct, n => $"10.0.0.{n}"));

        // Behind a known proxy, each forwarded client has its own budget, and one client still runs out.
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, await StatusesAsync(behindProxy, n => $"10.0.1.{n}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, await StatusesAsync(behindProxy, _ => "10.0.2.1"));
    }

    [Fact]
    public async Task ConnectionCap_IsAnswered503_WithRetryAfter()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:WebSocket:MaxConnections"] = "1", ["Cereon:RateLimits:Enabled"] = "false" });
        await using var first = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/showcase_ticker");
        await first.SubscribeAsync("s1");
        await first.ReceiveDataAsync(1);

        var status = await LiveClient.RefusedUpgradeAsync(gateway.BaseAddress, "/api/cards/showcase_ticker");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task MessageFlood_OnOneSocket_ClosesWith1013()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:RateLimits:SocketMessagesPerSecond"] = "2" });
        await using var client = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/chat_live");

        for (var n = 0; n < 20 && client.State == WebSocketState.Open; n++)
        {
            await client.SubscribeAsync($"flood-{n}", topic: "a");
        }

        while (await client.ReceiveAsync() is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)1013, client.CloseStatus);
    }

    /// <summary>
    /// New live streams are rationed per client, over all its sockets: the probe of issue 12 kept 477 producers alive
    /// from 10 paced sockets that no limit ever closed. Joining a stream this gateway already serves costs nothing.
    /// </summary>
    [Fact]
    public async Task NewLiveStreams_PastTheClientRate_CloseWith1013()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:RateLimits:LiveStreamBurst"] = "3", ["Cereon:RateLimits:LiveStreamsPerSecond"] = "1" });
        var run = Keys.Fresh();
        await using var first = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/room_live");
        await using var second = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/room_live");
        await first.SubscribeAsync("a", topic: $"room-{run}-a");
        await first.SubscribeAsync("b", topic: $"room-{run}-b");
        await first.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed" && (string?)m["subscriptionId"] == "b");

        await second.SubscribeAsync("joins", topic: $"room-{run}-a");
        var joined = await second.ReceiveUntilAsync(m => (string?)m["action"] is "subscribed" or "subscription_error");
        for (var n = 0; n < 6 && second.State == WebSocketState.Open; n++)
        {
            await second.SubscribeAsync($"new-{n}", topic: $"room-{run}-new-{n}");
        }

        while (await second.ReceiveAsync() is not null)
        {
        }

        Assert.Equal("subscribed", (string?)joined["action"]);
        Assert.Equal((WebSocketCloseStatus)1013, second.CloseStatus);
        Assert.Equal(WebSocketState.Open, first.State);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(GatewayServer gateway, Func<int, string> forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        for (var n = 1; n <= 6; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cards/mrr_overview", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", forwardedFor(n));
            using var response = await gateway.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private Task<GatewayServer> StartAsync(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(ClusterFixture.GatewaySettings) { ["Cereon:RateLimits:Enabled"] = "true" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return GatewayServer.StartAsync(fixture.Cluster.Client, all);
    }
}
