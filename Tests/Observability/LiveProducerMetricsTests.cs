using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Observability;

/// <summary>
/// <c>/metrics</c> shows producers per live card (issue 12): one <c>cereon_live_producers_active</c> series for every
/// websocket card of the catalog, zero until used, so an alert on a card's producers can be written before it runs.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class LiveProducerMetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EveryLiveCardOfTheCatalog_HasAProducerSeries()
    {
        var catalog = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/reports"))!;
        var liveRoutes = catalog["reports"]!.AsArray()
            .SelectMany(r => r!["cards"]!.AsArray())
            .Where(c => (string?)c!["transport"] == "websocket")
            .Select(c => (string)c!["route"]!)
            .ToList();

        var samples = await PrometheusText.ScrapeAsync(fixture.Http, fixture.Gateway.BaseAddress);
        var series = samples.Where(s => s.Name == "cereon_live_producers_active").Select(s => s.Labels["card"]).ToHashSet();

        Assert.Contains("/api/cards/live_active_users", liveRoutes);
        Assert.All(liveRoutes, route => Assert.Contains(route, series));
        Assert.Subset(liveRoutes.ToHashSet(), series);
    }
}
