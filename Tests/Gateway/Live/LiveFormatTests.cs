using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// protocol.md §6 data message formats on real sockets: <c>record</c> (the default, what the stock front end renders
/// as it is) carrying the card's window, and <c>envelope</c> on request.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class LiveFormatTests(ClusterFixture fixture)
{
    private static string Window(string key, int periodMs = 50) => $"/api/cards/window_live?key={key}&periodMs={periodMs}";

    private static string Counter(string key, int periodMs = 50) => $"/api/cards/counter_live?key={key}&periodMs={periodMs}";

    [Fact]
    public async Task ByDefault_AChartMessage_IsTheRecordItself_WithTheCardsWindowOfPoints()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Window(Keys.Fresh()));
        await client.SubscribeAsync("s");

        var data = await client.ReceiveDataAsync(8);

        Assert.All(data, m => Assert.Equal("line", (string?)m["kind"]));
        Assert.All(data, m => Assert.Equal("window_live", (string?)m["cardId"]));
        Assert.All(data, m => Assert.Equal(["s"], m["subscriptionIds"]!.AsArray().Select(s => (string)s!)));
        Assert.All(data, m => Assert.NotNull(m["timestamp"]));
        var newest = Points(data[^1]);
        Assert.Equal(5, newest.Count);
        Assert.Equal(Enumerable.Range(newest[0], 5), newest);
        Assert.True(Points(data[0]).Count < newest.Count);
    }

    [Fact]
    public async Task ANumberMessage_CarriesItsRecentValues_AsDataPoints_BesideValue()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Counter(Keys.Fresh()));
        await client.SubscribeAsync("s");

        var data = await client.ReceiveDataAsync(4);

        var last = data[^1];
        var points = last["data"]!.AsArray();
        Assert.Equal("number", (string?)last["kind"]);
        Assert.Equal((double)last["value"]!, (double)points[^1]!["value"]!);
        Assert.True(points.Count >= 4);
        Assert.All(points, p => Assert.NotNull((string?)p!["timestamp"]));
    }

    [Fact]
    public async Task ANewViewer_GetsTheWholeWindow_InItsSnapshot()
    {
        var path = Window(Keys.Fresh(), periodMs: 100);
        await using var first = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await first.SubscribeAsync("first");
        await first.ReceiveDataAsync(6);

        await using var late = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await late.SubscribeAsync("late");
        var snapshot = (await late.ReceiveDataAsync(1))[0];

        Assert.Equal(5, Points(snapshot).Count);
    }

    [Fact]
    public async Task ResumedMessages_HaveTheSameShape_AsLiveOnes()
    {
        var path = Window(Keys.Fresh());
        List<JsonObject> before;
        string epoch;
        await using (var first = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path))
        {
            await first.SubscribeAsync("s");
            epoch = (string)(await first.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed"))["epoch"]!;
            before = await first.ReceiveDataAsync(8);
        }

        await Task.Delay(300);
        await using var second = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await second.SubscribeAsync("s", resumeSeq: (long)before[^1]["seq"]!, epoch: epoch);
        var replayed = (await second.ReceiveDataAsync(1))[0];

        Assert.Equal((long)before[^1]["seq"]! + 1, (long)replayed["seq"]!);
        Assert.Equal(Points(before[^1]).Skip(1).Append(Points(before[^1])[^1] + 1), Points(replayed));
    }

    [Theory]
    [InlineData("?format=envelope", null)]
    [InlineData("", "envelope")]
    public async Task TheEnvelopeFormat_OnRequest_NestsTheNewestRecordUnderData(string query, string? format)
    {
        var path = Window(Keys.Fresh()) + query.Replace('?', '&');
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await client.SendAsync(Subscribe("s", format));
        var subscribed = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");

        var data = await client.ReceiveDataAsync(6);

        Assert.All(data, m => Assert.Null(m["kind"]));
        Assert.All(data, m => Assert.Equal("line", (string?)m["data"]!["kind"]));
        Assert.All(data, m => Assert.Single(m["data"]!["data"]!.AsArray()));
        Assert.All(data, m => Assert.Equal($"{subscribed["epoch"]}-{m["seq"]}", (string?)m["id"]));
    }

    [Fact]
    public async Task BothFormats_OnOneSocket_CarryTheSameMessages()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Window(Keys.Fresh()));
        await client.SendAsync(Subscribe("rec", "record"));
        await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        await client.SendAsync(Subscribe("env", "envelope"));
        await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");

        var data = await client.ReceiveDataAsync(20);

        var records = data.Where(m => (string?)m["subscriptionIds"]![0] == "rec").ToDictionary(m => (long)m["seq"]!);
        var envelopes = data.Where(m => (string?)m["subscriptionIds"]![0] == "env").ToList();
        var common = envelopes.Where(e => records.ContainsKey((long)e["seq"]!)).ToList();
        Assert.True(common.Count >= 5, $"only {common.Count} messages in both");
        Assert.All(common, e => Assert.Equal(
            (int)e["data"]!["data"]![0]!["n"]!,
            Points(records[(long)e["seq"]!])[^1]));
    }

    [Fact]
    public async Task AnUnknownFormat_IsASubscriptionError()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, Window(Keys.Fresh()));
        await client.SendAsync(Subscribe("s", "xml"));

        var error = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscription_error");

        Assert.Equal("s", (string?)error["subscriptionId"]);
        Assert.Contains("'xml'", (string?)error["message"], StringComparison.Ordinal);
    }

    private static JsonObject Subscribe(string subscriptionId, string? format) => new()
    {
        ["action"] = "subscribe",
        ["subscriptionId"] = subscriptionId,
        ["ackPolicy"] = "auto",
        ["format"] = format,
    };

    private static List<int> Points(JsonObject message) => [.. message["data"]!.AsArray().Select(p => (int)p!["n"]!)];
}
