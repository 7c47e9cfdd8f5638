using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cereon.Tests.Gateway.Live;

/// <summary>Publishing into live cards, slow consumers and gateway shutdown, on real sockets.</summary>
[Collection(SharedCluster.Name)]
public sealed class LiveDeliveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Publish_FansOut_WithTheNextSeq_OnceStored()
    {
        var room = Keys.Fresh();
        await using var client = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, $"/api/cards/chat_live?room={room}");
        await client.SubscribeAsync("s", topic: "b");
        await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");

        var body = new JsonObject { ["record"] = new JsonObject { ["value"] = 42, ["label"] = "published", ["meta"] = new JsonObject { ["unit"] = "x" } }, ["topic"] = "b", ["params"] = new JsonObject { ["room"] = room } };
        using var response = await fixture.Http.PostAsync(new Uri("/api/cards/chat_live/publish", UriKind.Relative), Json(body));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var delivered = await client.ReceiveUntilAsync(m => m.ContainsKey("seq"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((long)answer["seq"]!, (long)delivered["seq"]!);
        Assert.Equal((string?)answer["id"], (string?)delivered["id"]);
        Assert.Equal(42, (double)delivered["value"]!);
        Assert.Equal("chat_live", (string?)delivered["cardId"]);
        Assert.Equal("x", (string?)JsonNode.Parse((string)delivered["meta"]!)!["unit"]);
    }

    [Theory]
    [InlineData("{\"label\":\"no value\"}", "value")]
    [InlineData("{\"value\":1,\"kind\":\"line\"}", "does not match")]
    [InlineData("{\"value\":", "valid JSON object")]
    [InlineData("[1]", "valid JSON object")]
    [InlineData("{\"value\":1,\"value\":2}", "valid JSON object")]
    public async Task Publish_RejectsInvalidRecords_With400(string body, string reason)
    {
        using var response = await fixture.Http.PostAsync(new Uri("/api/cards/counter_live/publish", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_OnlyAcceptsPost_AndOnlyOnLiveCards()
    {
        using var get = await fixture.Http.GetAsync(new Uri("/api/cards/chat_live/publish", UriKind.Relative));
        using var httpCard = await fixture.Http.PostAsync(new Uri("/api/cards/mrr_overview/publish", UriKind.Relative), Json(new JsonObject { ["value"] = 1 }));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Contains("POST", get.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.NotFound, httpCard.StatusCode);
    }

    /// <summary>
    /// The bound: while a client that never reads is pushed past its send queue and dropped, a fast client on the
    /// same card and gateway keeps receiving every message, each within five seconds of being produced on this shared
    /// 2-core machine (the fan-out benchmark measures real latencies). A fast client held up by the slow one would
    /// stall until the slow one is dropped, and miss the bound by far more.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task SlowSocket_IsDropped_WithoutDelayingAFastOne()
    {
        var settings = new Dictionary<string, string?>(ClusterFixture.GatewaySettings) { ["Cereon:WebSocket:SendQueueCapacity"] = "16" };
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, settings);
        var path = $"/api/cards/counter_live?key={Keys.Fresh()}&periodMs=5&padBytes=4000";
        await using var slow = await LiveClient.ConnectAsync(gateway.BaseAddress, path);
        await using var fast = await LiveClient.ConnectAsync(gateway.BaseAddress, path);
        await slow.SubscribeAsync("slow");
        await fast.SubscribeAsync("fast");

        var received = new List<JsonObject>();
        var worstLag = TimeSpan.Zero;
        // Enough 4 KB messages to overflow the socket buffers and the slow client's queue, however long a busy
        // machine takes to produce them.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (received.Count <= 1000 && DateTime.UtcNow < until)
        {
            var message = await fast.ReceiveUntilAsync(m => m.ContainsKey("seq"));
            var produced = DateTimeOffset.Parse((string)message["timestamp"]!, CultureInfo.InvariantCulture);
            var lag = DateTimeOffset.UtcNow - produced;
            worstLag = lag > worstLag ? lag : worstLag;
            received.Add(message);
        }

        var slowEnded = await DrainUntilClosedAsync(slow);

        Assert.True(received.Count > 1000, $"fast client got only {received.Count} messages");
        Assert.True(worstLag < TimeSpan.FromSeconds(5), $"fast client lagged {worstLag.TotalMilliseconds} ms");
        var seqs = received.Select(m => (long)m["seq"]!).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
        Assert.True(slowEnded is (WebSocketCloseStatus)1013 or null, $"slow client closed with {slowEnded}");
        Assert.NotEqual(WebSocketState.Open, slow.State);
    }

    /// <summary>
    /// A client that stops reading altogether can take neither its data nor the close frame: the gateway's send to
    /// it waits on a full socket. Its sends take no token, so the close timeout must end that wait by aborting the
    /// socket; otherwise the session, its queue and its subscription would stay for as long as the client's TCP
    /// connection does.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task ClientThatNeverReads_IsCutOff_AndItsSessionEnds()
    {
        var settings = new Dictionary<string, string?>(ClusterFixture.GatewaySettings) { ["Cereon:WebSocket:SendQueueCapacity"] = "16" };
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, settings);
        var hub = gateway.Services.GetRequiredService<Cereon.Gateway.Live.LiveHub>();
        await using var client = await LiveClient.ConnectAsync(gateway.BaseAddress, $"/api/cards/counter_live?key={Keys.Fresh()}&periodMs=5&padBytes=30000");
        await client.SubscribeAsync("never-reads");
        await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        Assert.Equal(1, hub.SessionCount);

        // 30 KB every 5 ms fills the socket buffers and the queue of 16 within seconds; then the close handshake
        // times out after 5 s. A busy machine gets a minute.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (hub.SessionCount > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, hub.SessionCount);
    }

    /// <summary>
    /// Messages that reach a socket while it closes for another reason are no slow client's doing: they must not count
    /// as <c>dropped</c>, the outcome the "live messages dropped" alert watches. Counting them so would page an
    /// operator for every client that leaves while a card ticks fast.
    /// </summary>
    [Fact]
    public async Task MessagesArrivingWhileASocketCloses_AreNotCountedAsDropped()
    {
        var dropped = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Cereon.Gateway.Telemetry.GatewayMetrics.Name && instrument.Name == "cereon.gateway.live.messages")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (HasTag(tags, "outcome", "dropped") && HasTag(tags, Cereon.Gateway.Telemetry.GatewayMetrics.CardTag, "/api/cards/counter_live"))
            {
                Interlocked.Add(ref dropped, value);
            }
        });
        listener.Start();
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, $"/api/cards/counter_live?key={Keys.Fresh()}&periodMs=5");
        await client.SubscribeAsync("s");
        await client.ReceiveDataAsync(3);

        // An oversized message makes the gateway close the socket (1009); the client reads nothing for half a second,
        // so a hundred messages reach the closing socket before its close handshake ends.
        await client.SendTextAsync("{\"action\":\"x\",\"pad\":\"" + new string('x', 70 * 1024) + "\"}");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var closedWith = await DrainUntilClosedAsync(client);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, closedWith);
        Assert.Equal(0, Interlocked.Read(ref dropped));
    }

    [Fact]
    public async Task GatewayShutdown_ClosesSocketsWith1012()
    {
        var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, ClusterFixture.GatewaySettings);
        await using var client = await LiveClient.ConnectAsync(gateway.BaseAddress, $"/api/cards/counter_live?key={Keys.Fresh()}");
        await client.SubscribeAsync("s");
        await client.ReceiveDataAsync(2);

        var stopping = gateway.DisposeAsync().AsTask();
        var closedWith = await DrainUntilClosedAsync(client);
        await stopping;

        Assert.Equal((WebSocketCloseStatus)1012, closedWith);
    }

    private static bool HasTag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key, string value)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key && tag.Value as string == value)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<WebSocketCloseStatus?> DrainUntilClosedAsync(LiveClient client)
    {
        try
        {
            while (await client.ReceiveAsync(TimeSpan.FromSeconds(30)) is not null)
            {
                // Read whatever was queued before the close.
            }

            return client.CloseStatus;
        }
        catch (WebSocketException)
        {
            // Aborted rather than closed: the server gave up on a client that could not even take the close frame.
            return null;
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
