using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// Live cards serve the topics they declare (issue 12): a card that declares none has one stream, named by its id,
/// <c>default</c> or no topic; a card with a topic validator serves what it accepts, up to its producer cap.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class LiveTopicTests(ClusterFixture fixture)
{
    [Fact]
    public async Task InventedTopic_OnACardDeclaringNone_IsASubscriptionError()
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/showcase_ticker");
        await client.SubscribeAsync("s", topic: "invented-" + Keys.Fresh());

        var answer = await FirstAnswerAsync(client);

        Assert.Equal("subscription_error", (string?)answer["action"]);
        Assert.Equal("s", (string?)answer["subscriptionId"]);
        Assert.Contains("topic", (string?)answer["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardId_DefaultAndNoTopic_NameOneStream_WithOneProducer()
    {
        var key = Keys.Fresh();
        var path = $"/api/cards/counter_live?key={key}";
        await using var byId = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await using var byDefault = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await using var byNone = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);

        await byId.SubscribeAsync("id", topic: "counter_live");
        await byDefault.SubscribeAsync("default", topic: "default");
        await byNone.SubscribeAsync("none");
        var answers = new[] { await FirstAnswerAsync(byId), await FirstAnswerAsync(byDefault), await FirstAnswerAsync(byNone) };

        Assert.All(answers, a => Assert.Equal("subscribed", (string?)a["action"]));
        Assert.Single(answers.Select(a => (string?)a["epoch"]).Distinct());
        Assert.Equal("counter_live", (string?)answers[0]["topic"]);
        Assert.Equal(1, HandlerRuns.Of("counter_live", key));
    }

    [Fact]
    public async Task PublishWithoutTopic_ReachesAViewerSubscribedByCardId()
    {
        await using var viewer = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/showcase_ticker");
        await viewer.SubscribeAsync("v", topic: "showcase_ticker");
        Assert.Equal("subscribed", (string?)(await FirstAnswerAsync(viewer))["action"]);

        var marker = Keys.Fresh();
        using var published = await fixture.Http.PostAsync(
            new Uri("/api/cards/showcase_ticker/publish", UriKind.Relative),
            new StringContent(new JsonObject { ["data"] = new JsonArray(new JsonObject { ["date"] = "2026-01-01", ["value"] = 1, ["marker"] = marker }) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var seq = (long)JsonNode.Parse(await published.Content.ReadAsStringAsync())!["seq"]!;

        var delivered = await viewer.ReceiveUntilAsync(m => (long?)m["seq"] == seq);
        Assert.Contains(marker, delivered.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hall")]
    [InlineData("room-a?b")]
    [InlineData("room-a@b")]
    public async Task OpenTopicCard_RefusesTopicsItsValidatorDoesNotAccept(string topic)
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/room_live");
        await client.SubscribeAsync("bad", topic: topic);
        await client.SubscribeAsync("good", topic: "room-" + Keys.Fresh());

        var bad = await FirstAnswerAsync(client);
        var good = await FirstAnswerAsync(client);

        Assert.Equal(("subscription_error", "bad"), ((string?)bad["action"], (string?)bad["subscriptionId"]));
        Assert.Equal(("subscribed", "good"), ((string?)good["action"], (string?)good["subscriptionId"]));
    }

    [Fact]
    public async Task OpenTopicCard_PastItsProducerCap_AnswersSubscriptionErrors()
    {
        const int PerSocket = 45;
        var run = Keys.Fresh();
        var answers = new List<JsonObject>();
        await using (var first = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/room_cap_live"))
        await using (var second = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, "/api/cards/room_cap_live"))
        {
            foreach (var (client, socket) in new[] { (first, 1), (second, 2) })
            {
                for (var n = 0; n < PerSocket; n++)
                {
                    await client.SubscribeAsync($"s{n}", topic: $"room-{run}-{socket}-{n}");
                }

                for (var n = 0; n < PerSocket; n++)
                {
                    answers.Add(await FirstAnswerAsync(client));
                }
            }
        }

        var admitted = answers.Count(a => (string?)a["action"] == "subscribed");
        var refused = answers.Where(a => (string?)a["action"] == "subscription_error").ToList();

        // Two silos, each capping the card at its own count.
        Assert.InRange(admitted, 1, 2 * TestSiloConfigurator.MaxProducersPerCard);
        Assert.Equal(answers.Count - admitted, refused.Count);
        Assert.All(refused, r => Assert.Contains("producers", (string?)r["message"], StringComparison.Ordinal));

        // Once their viewers have left, the producers stop and give their places back.
        Assert.True(await AdmitsAgainAsync(TimeSpan.FromSeconds(20)), "the card's producer places stayed taken after its viewers left");
    }

    private async Task<bool> AdmitsAgainAsync(TimeSpan patience)
    {
        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < patience)
        {
            await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/room_cap_live");
            await using var other = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, "/api/cards/room_cap_live");
            await client.SubscribeAsync("again", topic: "room-" + Keys.Fresh());
            await other.SubscribeAsync("again", topic: "room-" + Keys.Fresh());
            if ((string?)(await FirstAnswerAsync(client))["action"] == "subscribed"
                && (string?)(await FirstAnswerAsync(other))["action"] == "subscribed")
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>The next answer to a subscribe, skipping data messages and pings.</summary>
    private static Task<JsonObject> FirstAnswerAsync(LiveClient client) =>
        client.ReceiveUntilAsync(m => (string?)m["action"] is "subscribed" or "subscription_error");
}
