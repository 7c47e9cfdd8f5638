using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Status;

/// <summary>The gateway's status page at <c>/</c> and its JSON at <c>/api/status</c>, with cluster-wide usage.</summary>
[Collection(SharedCluster.Name)]
public sealed class StatusPageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Root_IsTheStatusPage_ListingEveryCatalogCard_AndCardRoutesStillWork()
    {
        using var page = await fixture.Http.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        using var card = await fixture.Http.GetAsync($"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1");
        using var unknown = await fixture.Http.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h2>tests</h2>", html, StringComparison.Ordinal);
        Assert.Contains("data-route=\"/api/cards/counter_live\"", html, StringComparison.Ordinal);
        Assert.Contains("data-socket=\"ws://", html, StringComparison.Ordinal);
        Assert.Contains("href=\"http://127.0.0.1", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Status_ReportsLiveViewersAndCacheHitRate_AcrossTheCluster()
    {
        var key = Keys.Fresh();
        await using var viewer = await LiveClient.ConnectAsync(fixture.OtherGateway.BaseAddress, $"/api/cards/counter_live?key={key}");
        await viewer.SubscribeAsync("status");
        await viewer.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        for (var i = 0; i < 4; i++)
        {
            using var response = await fixture.Http.GetAsync($"/api/cards/slow_number?key={key}&delayMs=1");
            response.EnsureSuccessStatusCode();
        }

        // Silos and gateways report every 5 s; wait for a round that includes this traffic.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonNode status;
        while (true)
        {
            status = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/status"))!;
            if (Card(status, "/api/cards/counter_live")["viewers"]!.GetValue<int>() >= 1
                && Card(status, "/api/cards/slow_number")["cacheHits"]!.GetValue<long>() >= 3)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "Usage did not reach the status within 30 s: " + status.ToJsonString());
            await Task.Delay(500);
        }

        var slow = Card(status, "/api/cards/slow_number");
        Assert.True(slow["cacheMisses"]!.GetValue<long>() >= 1);
        Assert.InRange(slow["cacheHitRate"]!.GetValue<double>(), 0.01, 0.99);
        Assert.Equal("websocket", (string?)Card(status, "/api/cards/counter_live")["card"]!["transport"]);
        Assert.Equal(2, status["silos"]!.GetValue<int>());
        Assert.True(status["gateways"]!.GetValue<int>() >= 2);
    }

    private static JsonNode Card(JsonNode status, string route) =>
        status["reports"]!.AsArray().SelectMany(r => r!["cards"]!.AsArray()).Single(c => (string?)c!["card"]!["route"] == route)!;
}
