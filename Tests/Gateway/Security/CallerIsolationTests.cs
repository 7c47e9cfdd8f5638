using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Security;

/// <summary>
/// Cache and stream isolation: a card that depends on the caller is cached and streamed per caller, so user A never
/// receives B's result, whether fresh, from the cache, through single flight, or on a resumed WebSocket, and on
/// either of two gateways (one sharing the test cluster's client, one with a client of its own).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class CallerIsolationTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Acme = new() { ["tenant"] = "acme" };
    private SignedInGateways _gateways = null!;
    private GatewayServer _gateway = null!;
    private GatewayServer _other = null!;

    public async ValueTask InitializeAsync()
    {
        _gateways = await SignedInGateways.StartAsync(fixture);
        (_gateway, _other) = (_gateways.Gateway, _gateways.Other);
    }

    public async ValueTask DisposeAsync() => await _gateways.DisposeAsync();

    [Fact]
    public async Task HttpCard_CachesPerCaller_OnEveryGateway()
    {
        var key = Keys.Fresh();
        var path = $"/api/cards/whoami?key={key}";
        var alice = TestTokens.For("alice");
        var bob = TestTokens.For("bob");

        var first = await RecordAsync(_gateway, path, alice);
        var second = await RecordAsync(_other, path, bob);
        var aliceAgain = await RecordAsync(_other, path, TestTokens.For("alice"));
        var bobAgain = await RecordAsync(_gateway, path, bob);

        Assert.Equal(("alice", 1.0), first);
        Assert.Equal(("bob", 1.0), second);
        Assert.Equal(("alice", 1.0), aliceAgain);
        Assert.Equal(("bob", 1.0), bobAgain);
        Assert.Equal(1, CallerRuns.Of("whoami", key, "alice"));
        Assert.Equal(1, CallerRuns.Of("whoami", key, "bob"));
    }

    [Fact]
    public async Task HttpCard_ConcurrentCallers_NeverShareOneRun()
    {
        var path = $"/api/cards/whoami?key={Keys.Fresh()}&delayMs=300";
        var callers = Enumerable.Range(0, 6).Select(n => n % 2 == 0 ? "alice" : "bob").ToArray();

        var results = await Task.WhenAll(callers.Select((who, n) => RecordAsync(n % 2 == 0 ? _gateway : _other, path, TestTokens.For(who))));

        for (var n = 0; n < callers.Length; n++)
        {
            Assert.Equal(callers[n], results[n].Label);
        }
    }

    [Fact]
    public async Task ClaimDependentCard_IsSharedWithinAClaimValue_AndSeesOnlyThatClaim()
    {
        var key = Keys.Fresh();
        var path = $"/api/cards/tenant_report?key={key}";

        var ann = await RecordAsync(_gateway, path, TestTokens.For("ann", claims: Acme));
        var dan = await RecordAsync(_other, path, TestTokens.For("dan", claims: Acme));
        var bob = await RecordAsync(_gateway, path, TestTokens.For("bob", claims: new Dictionary<string, string> { ["tenant"] = "globex" }));

        Assert.Equal(("acme", 1.0), ann);
        Assert.Equal(("acme", 1.0), dan);
        Assert.Equal(("globex", 1.0), bob);
        Assert.Equal(1, CallerRuns.Of("tenant_report", key, "acme"));
    }

    [Fact]
    public async Task LiveCard_StreamsPerCaller_AndAResumeNeverCrossesCallers()
    {
        var query = $"/api/cards/whoami_live?key={Keys.Fresh()}";
        await using var alice = await ConnectAsync(_gateway, query, TestTokens.For("alice"));
        await using var bob = await ConnectAsync(_other, query, TestTokens.For("bob"));
        await alice.SubscribeAsync("a1");
        await bob.SubscribeAsync("b1");
        var aliceData = await alice.ReceiveDataAsync(5);
        var bobData = await bob.ReceiveDataAsync(5);
        var subscribed = await SubscribedOfAsync(alice, "a1");

        Assert.All(aliceData, m => Assert.Equal("alice", (string?)m["label"]));
        Assert.All(bobData, m => Assert.Equal("bob", (string?)m["label"]));

        // Bob replays Alice's subscription id, epoch and seq: he resumes his own stream, never hers.
        var aliceSeq = (long)aliceData[^1]["seq"]!;
        await using var replay = await ConnectAsync(_gateway, query, TestTokens.For("bob"));
        await replay.SubscribeAsync("a1", resumeSeq: aliceSeq - 3, epoch: (string?)subscribed["epoch"]);
        var replayed = await replay.ReceiveDataAsync(5);
        Assert.All(replayed, m => Assert.Equal("bob", (string?)m["label"]));

        // Alice resuming on the other gateway gets her own history, without a gap.
        await using var resumed = await ConnectAsync(_other, query, TestTokens.For("alice"));
        await resumed.SubscribeAsync("a1", resumeSeq: aliceSeq - 3, epoch: (string?)subscribed["epoch"]);
        var history = await resumed.ReceiveDataAsync(3);
        Assert.Equal([aliceSeq - 2, aliceSeq - 1, aliceSeq], history.Select(m => (long)m["seq"]!));
        Assert.All(history, m => Assert.Equal("alice", (string?)m["label"]));
    }

    private static async Task<JsonObject> SubscribedOfAsync(LiveClient client, string subscriptionId)
    {
        // The subscribed answer came before the data that was read; ask again on the same socket to read it afresh.
        await client.SubscribeAsync(subscriptionId + "-probe");
        return await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed" && (string?)m["subscriptionId"] == subscriptionId + "-probe");
    }

    private static Task<LiveClient> ConnectAsync(GatewayServer gateway, string query, string token) =>
        LiveClient.ConnectAsync(gateway.BaseAddress, query, options => options.SetRequestHeader("Authorization", $"Bearer {token}"));

    private static async Task<(string? Label, double Value)> RecordAsync(GatewayServer gateway, string path, string token)
    {
        using var response = await gateway.Client.SendAsync(TestTokens.Get(path, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single()!;
        return ((string?)record["label"], (double)record["value"]!);
    }
}
