using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>protocol.md §6 with real WebSocket clients against two real gateways on one test cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed class LiveCardTests(ClusterFixture fixture)
{
    private static string Counter(string key, int periodMs = 50) => $"/api/cards/counter_live?key={key}&periodMs={periodMs}";

    [Fact]
    public async Task Subscribe_IsAnswered_ThenDataMessagesCarrySeqAndId()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Counter(Keys.Fresh()));
        await client.SubscribeAsync("s1", topic: "counter_live");

        var subscribed = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var data = await client.ReceiveDataAsync(5);

        Assert.Equal("s1", (string?)subscribed["subscriptionId"]);
        Assert.Equal("counter_live", (string?)subscribed["topic"]);
        Assert.False(string.IsNullOrEmpty((string?)subscribed["epoch"]));
        Assert.NotNull(subscribed["timestamp"]);
        Assert.All(data, m => Assert.Equal(["s1"], m["subscriptionIds"]!.AsArray().Select(s => (string)s!)));
        Assert.All(data, m => Assert.Equal("number", (string?)m["kind"]));
        Assert.All(data, m => Assert.Equal($"{subscribed["epoch"]}-{m["seq"]}", (string?)m["id"]));
        AssertConsecutive(data);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live");
        await client.SendAsync(new JsonObject { ["action"] = "ping" });

        var pong = await client.ReceiveUntilAsync(m => (string?)m["action"] is "pong");
        Assert.NotNull(pong["timestamp"]);
    }

    [Theory]
    [InlineData("not json", "Invalid JSON message")]
    [InlineData("{\"action\":\"dance\"}", "Unknown action 'dance'")]
    [InlineData("[1,2]", "Messages must be JSON objects")]
    [InlineData("{\"action\":\"a\",\"action\":\"b\"}", "Invalid JSON message")]
    [InlineData("{\"nothing\":1}", "Missing 'action'")]
    public async Task BadMessages_GetAnError_AndTheSocketStaysOpen(string frame, string error)
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Counter(Keys.Fresh()));
        await client.SendTextAsync(frame);

        var answer = await client.ReceiveUntilAsync(m => (string?)m["action"] == "error");
        await client.SendAsync(new JsonObject { ["action"] = "ping" });

        Assert.Equal(error, (string?)answer["message"]);
        await client.ReceiveUntilAsync(m => (string?)m["action"] == "pong");
    }

    [Fact]
    public async Task MalformedClientInfo_IsIgnored_AndTheSubscriptionStands()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Counter(Keys.Fresh()));
        await client.SendTextAsync("{\"action\":\"subscribe\",\"subscriptionId\":\"s\",\"clientInfo\":[\"cardId\"]}");

        var subscribed = await client.ReceiveUntilAsync(m => m["action"] is not null);
        await client.ReceiveDataAsync(1);

        Assert.Equal("subscribed", (string?)subscribed["action"]);
    }

    [Fact]
    public async Task UnknownCardOrTopic_IsASubscriptionError()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live");
        await client.SubscribeAsync("s1", cardId: "no_such_card");
        var unknownCard = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscription_error");
        await client.SubscribeAsync("s2", topic: "c");
        var unknownTopic = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscription_error");

        Assert.Equal("s1", (string?)unknownCard["subscriptionId"]);
        Assert.Equal("s2", (string?)unknownTopic["subscriptionId"]);
        Assert.Contains("topic", (string?)unknownTopic["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_IsAnswered_AndDataStops()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Counter(Keys.Fresh()));
        await client.SubscribeAsync("s1");
        await client.ReceiveDataAsync(2);
        await client.SendAsync(new JsonObject { ["action"] = "unsubscribe", ["subscriptionId"] = "s1" });
        await client.ReceiveUntilAsync(m => (string?)m["action"] == "unsubscribed" && (string?)m["subscriptionId"] == "s1");

        await Task.Delay(300);
        await client.SendAsync(new JsonObject { ["action"] = "ping" });
        var next = await client.ReceiveAsync();

        Assert.Equal("pong", (string?)next!["action"]);
    }

    [Fact]
    public async Task ClientMessages_AreHandedToTheCard_AndFanOut()
    {
        await using var sender = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live?room=" + Keys.Fresh());
        await sender.SubscribeAsync("s", topic: "a");
        await sender.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");

        await sender.SendAsync(new JsonObject { ["action"] = "say", ["topic"] = "a", ["value"] = 7 });
        var echoed = await sender.ReceiveUntilAsync(m => m.ContainsKey("seq"));

        Assert.Equal(7, (double)echoed["value"]!);
        Assert.Equal("a", (string?)echoed["label"]);
    }

    [Fact]
    public async Task SubscribersOnTwoGateways_ReceiveIdenticalSeqRanges()
    {
        var path = Counter(Keys.Fresh());
        await using var onA = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await using var onB = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await onA.SubscribeAsync("a");
        await onB.SubscribeAsync("b");

        var fromA = await onA.ReceiveDataAsync(30);
        var fromB = await onB.ReceiveDataAsync(30);

        AssertConsecutive(fromA);
        AssertConsecutive(fromB);
        var common = fromA.Select(m => (long)m["seq"]!).Intersect(fromB.Select(m => (long)m["seq"]!)).ToList();
        Assert.True(common.Count >= 20, $"only {common.Count} common seqs");
        foreach (var seq in common)
        {
            var a = fromA.Single(m => (long)m["seq"]! == seq);
            var b = fromB.Single(m => (long)m["seq"]! == seq);
            Assert.Equal(a["id"]!.ToJsonString(), b["id"]!.ToJsonString());
            Assert.Equal(a["data"]!.ToJsonString(), b["data"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Reconnect_ToTheOtherGateway_WithResumeSeq_HasNoGapAndNoDuplicate()
    {
        var path = Counter(Keys.Fresh());
        List<JsonObject> before;
        string epoch;
        await using (var first = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path))
        {
            await first.SubscribeAsync("s");
            epoch = (string)(await first.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed"))["epoch"]!;
            before = await first.ReceiveDataAsync(10);
        }

        var resumeAfter = (long)before[^1]["seq"]!;
        await Task.Delay(300);
        await using var second = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await second.SubscribeAsync("s", resumeSeq: resumeAfter, epoch: epoch);
        var subscribed = await second.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var after = await second.ReceiveDataAsync(15);

        Assert.True((bool)subscribed["recovered"]!);
        Assert.Equal(resumeAfter + 1, (long)after[0]["seq"]!);
        AssertConsecutive(after);
    }

    [Theory]
    [InlineData(1_000_000L, null)]
    [InlineData(1L, "another-epoch")]
    public async Task UntrustworthyResumePoint_GetsTheSnapshot_NotRecovered(long resumeSeq, string? epoch)
    {
        var path = Counter(Keys.Fresh());
        await using var warmup = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await warmup.SubscribeAsync("w");
        var seen = await warmup.ReceiveDataAsync(3);

        await using var client = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await client.SubscribeAsync("s", resumeSeq: resumeSeq, epoch: epoch);
        var subscribed = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var snapshot = (await client.ReceiveDataAsync(1))[0];

        Assert.False((bool)subscribed["recovered"]!);
        Assert.True((long)snapshot["seq"]! >= (long)seen[^1]["seq"]!);
    }

    [Fact]
    public async Task NewSubscriber_GetsTheCurrentSnapshot_AtOnce()
    {
        var path = Counter(Keys.Fresh(), periodMs: 60_000);
        await using var first = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await first.SubscribeAsync("first");
        var only = (await first.ReceiveDataAsync(1))[0];

        await using var late = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await late.SubscribeAsync("late");
        var snapshot = (await late.ReceiveDataAsync(1, TimeSpan.FromSeconds(10)))[0];

        Assert.Equal((long)only["seq"]!, (long)snapshot["seq"]!);
    }

    /// <summary>
    /// After the stream's silo dies, or when a gateway's renewal overtakes its first subscribe, the activation a
    /// renewal reaches has heard no subscribe: it must produce with the parameters the viewers asked for.
    /// </summary>
    [Fact]
    public async Task LeaseRenewal_ReachingAFreshActivation_RunsTheProducerWithTheViewersParameters()
    {
        var key = Keys.Fresh();
        var paramsJson = $$"""{"key":"{{key}}"}""";
        var grain = fixture.Cluster.Client.GetGrain<ILiveCardGrain>(LiveCardKeys.For("/api/cards/counter_live", null, paramsJson));

        await grain.RenewLeaseAsync(new LiveLease("test-gateway", LiveCardKeys.DefaultTopic, paramsJson, CardCaller.Anonymous));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (HandlerRuns.Of("counter_live", key) == 0)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Equal(1, HandlerRuns.Of("counter_live", key));
        await grain.ReleaseLeaseAsync("test-gateway");
    }

    [Fact]
    public async Task FiftySubscribers_OnTwoGateways_RunOneProducer()
    {
        var key = Keys.Fresh();
        var clients = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            LiveClient.ConnectAsync(i % 2 == 0 ? fixture.Gateway.BaseAddress : fixture.OtherGateway.BaseAddress, Counter(key))));
        try
        {
            await Task.WhenAll(clients.Select((c, i) => c.SubscribeAsync($"s{i}")));
            await Task.WhenAll(clients.Select(c => c.ReceiveDataAsync(3)));

            Assert.Equal(1, HandlerRuns.Of("counter_live", key));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task LeaseOfAGatewayThatDied_Expires_AndTheProducerStops()
    {
        var key = Keys.Fresh();
        var live = LiveCardKeys.For("/api/cards/counter_live", null, $"{{\"key\":\"{key}\",\"periodMs\":\"50\"}}");
        var grain = fixture.Cluster.Client.GetGrain<ILiveCardGrain>(live);

        // A gateway that subscribes once and is never heard from again, as after kill -9.
        await grain.SubscribeAsync(new LiveSubscribeRequest("dead-gateway", "s", null, null, "default", $"{{\"key\":\"{key}\",\"periodMs\":\"50\"}}", CardCaller.Anonymous));
        var stopped = StreamSignals.For("producer-stopped", key).Task;
        var ended = StreamSignals.For("producer-ended", key).Task;

        Assert.Equal(1, HandlerRuns.Of("counter_live", key));
        if (await Task.WhenAny(ended, Task.Delay(TimeSpan.FromSeconds(20))) != ended)
        {
            var before = await LastSeqAsync(grain);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Fail($"the producer outlived the dead gateway's lease; the stream went from seq {before} to {await LastSeqAsync(grain)} in a second");
        }

        Assert.True(stopped.IsCompleted, $"the producer ended without being stopped, after {HandlerRuns.Of("counter_live", key)} run(s)");

        static async Task<long> LastSeqAsync(ILiveCardGrain grain) => (await grain.GetAfterAsync(0)) is { Count: > 0 } retained ? retained[^1].Seq : 0;
    }

    [Fact]
    public async Task SilentClient_IsClosed_AfterMissedHeartbeats()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live");

        var ping = await client.ReceiveAsync();
        while (await client.ReceiveAsync() is not null)
        {
            // Keep reading server pings without answering, until the server gives up.
        }

        Assert.Equal("ping", (string?)ping!["action"]);
        Assert.Equal((WebSocketCloseStatus)4000, client.CloseStatus);
    }

    [Fact]
    public async Task OversizedFrame_ClosesWith1009()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live");
        await client.SendTextAsync("{\"action\":\"x\",\"pad\":\"" + new string('x', 70 * 1024) + "\"}");

        while (await client.ReceiveAsync() is not null)
        {
            // Skip anything sent before the close.
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    [Fact]
    public async Task AMessageNearTheLimit_InManyFragments_IsReadWhole()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live");
        var message = System.Text.Encoding.UTF8.GetBytes("{\"action\":\"ping\",\"pad\":\"" + new string('x', 60 * 1024) + "\"}");

        // Fragments of 1,000 bytes make the gateway's buffer grow several times within one message.
        await client.SendFragmentsAsync(message, 1000);

        Assert.Equal("pong", (string?)(await client.ReceiveUntilAsync(m => m["action"] is not null))["action"]);
    }

    [Fact]
    public async Task PlainGet_OnALiveCard_Is426()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/api/cards/showcase_ticker", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("showcase_ticker", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["cardId"]);
    }

    private static void AssertConsecutive(List<JsonObject> data)
    {
        var seqs = data.Select(m => (long)m["seq"]!).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
    }
}
