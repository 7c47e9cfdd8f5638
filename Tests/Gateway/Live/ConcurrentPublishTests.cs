using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// Concurrent publishes into one card stream are committed together (issue 13): each is answered once stored, and
/// numbering stays gap-free and in order for viewers.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ConcurrentPublishTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ConcurrentPublishes_GetDistinctConsecutiveSeqs_AndViewersReceiveThemAllInOrder()
    {
        const int Publishes = 200;
        var key = Keys.Fresh();
        await using var viewer = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, $"/api/cards/counter_live?key={key}&periodMs=600000");
        await viewer.SubscribeAsync("v");
        var snapshot = (await viewer.ReceiveDataAsync(1))[0];

        var answers = await Task.WhenAll(Enumerable.Range(1, Publishes).Select(async n =>
        {
            var body = new JsonObject { ["record"] = new JsonObject { ["value"] = n }, ["params"] = new JsonObject { ["key"] = key, ["periodMs"] = "600000" } };
            using var response = await fixture.Http.PostAsync(
                new Uri("/api/cards/counter_live/publish", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (Value: n, Seq: (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["seq"]!);
        }));
        var received = await viewer.ReceiveDataAsync(Publishes);

        var first = (long)snapshot["seq"]! + 1;
        Assert.Equal(Enumerable.Range(0, Publishes).Select(i => first + i), answers.Select(a => a.Seq).Order());
        Assert.Equal(Enumerable.Range(0, Publishes).Select(i => first + i), received.Select(m => (long)m["seq"]!));
        var valueBySeq = answers.ToDictionary(a => a.Seq, a => a.Value);
        Assert.All(received, m => Assert.Equal(valueBySeq[(long)m["seq"]!], (int)(double)m["value"]!));
    }
}
