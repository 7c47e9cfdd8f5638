using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// One topic model (protocol.md §6): the stock front end subscribes with <c>topic</c> set to the card id, publishers
/// usually name no topic; both, and <c>default</c>, are the card's one stream, through either gateway.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class StockTopicPublishTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("counter_live")]
    [InlineData("default")]
    public async Task APublish_ReachesViewersWhoSubscribedWithTheCardId_OrNoTopic_OnBothGateways(string? publishTopic)
    {
        var key = Keys.Fresh();
        var path = $"/api/cards/counter_live?key={key}&periodMs=600000";
        await using var stock = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await using var bare = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await stock.SubscribeAsync("stock", topic: "counter_live", cardId: "counter_live");
        await bare.SubscribeAsync("bare");
        await stock.ReceiveDataAsync(1);
        await bare.ReceiveDataAsync(1);

        var body = new JsonObject
        {
            ["record"] = new JsonObject { ["value"] = 4242 },
            ["topic"] = publishTopic,
            ["params"] = new JsonObject { ["key"] = key, ["periodMs"] = "600000" },
        };
        using var response = await fixture.Http.PostAsync(
            new Uri("/api/cards/counter_live/publish", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var seq = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["seq"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var viewer in new[] { stock, bare })
        {
            var published = await viewer.ReceiveUntilAsync(m => (long?)m["seq"] == seq);
            Assert.Equal(4242, (double)published["value"]!);
        }
    }

    [Fact]
    public async Task TheCardIdAndDefault_AreOneStream_WithOneNumbering()
    {
        var path = $"/api/cards/counter_live?key={Keys.Fresh()}";
        await using var byId = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await using var byDefault = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, path);
        await byId.SubscribeAsync("a", topic: "counter_live");
        await byDefault.SubscribeAsync("b", topic: "default");
        var subscribedById = await byId.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var subscribedByDefault = await byDefault.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");

        Assert.Equal((string?)subscribedById["epoch"], (string?)subscribedByDefault["epoch"]);
        Assert.Equal("counter_live", (string?)subscribedById["topic"]);
    }
}
