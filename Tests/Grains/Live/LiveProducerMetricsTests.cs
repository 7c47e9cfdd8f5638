using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// <c>/metrics</c> shows producers per live card (issue 12): one <c>cereon_live_producers_active</c> series for every
/// websocket card of the catalog, zero until used, so an alert on a card's producers can be written before it runs;
/// and no series for anything else, whatever topics clients invent.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class LiveProducerMetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EveryLiveCardOfTheCatalog_HasAProducerSeries_AndNothingElseHasOne()
    {
        var catalog = await fixture.Cluster.Client.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster).GetAsync();
        var liveRoutes = catalog.Cards.Where(c => c.Transport == CardTransports.WebSocket).Select(c => c.Route).ToHashSet();

        var samples = await PrometheusText.ScrapeAsync(fixture.Http, fixture.Gateway.BaseAddress);
        var series = samples.Where(s => s.Name == "cereon_live_producers_active").Select(s => s.Labels["card"]).ToHashSet();

        Assert.Contains("/api/cards/live_active_users", liveRoutes);
        Assert.Equal(liveRoutes.Order(), series.Order());
    }
}
