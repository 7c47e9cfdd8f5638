using System.Net;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Tests.Infrastructure;
using Cereon.Tests.Integration.Processes;

namespace Cereon.Tests.Gateway.Telemetry;

/// <summary>
/// <c>/metrics</c> on a real gateway measures: traffic through it moves the right series, labelled by card route and
/// never by parameters. The test cluster's silos share this process, so their instruments are scraped here too.
/// ASP.NET Core's own request metrics are asserted on a process of their own (<see cref="LogOutputTests"/>): here
/// several hosts share the process and their per-host meters, so one host's scrape cannot be relied on for them.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class MetricsTests(ClusterFixture fixture)
{
    private const string SlowNumber = "/api/cards/slow_number";
    private const string Flaky = "/api/cards/flaky";
    private const string CounterLive = "/api/cards/counter_live";
    private const string ShortTtl = "/api/cards/short_ttl";

    [Fact]
    public async Task HttpTraffic_MovesCacheAndHandlerMetrics_ByCardRoute()
    {
        var key = Keys.Fresh();
        var before = await ScrapeAsync();

        using var miss = await fixture.Http.GetAsync($"{SlowNumber}?key={key}&delayMs=5");
        using var hit = await fixture.Http.GetAsync($"{SlowNumber}?key={key}&delayMs=5");
        using var failed = await fixture.Http.GetAsync($"{Flaky}?key={key}&failures=1");
        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        var after = await ScrapeUntilAsync(now =>
            Delta(before, now, "cereon_card_handler_failures_total", ("card", Flaky), ("reason", "failed")) >= 1);

        Assert.True(Delta(before, after, "cereon_card_cache_misses_total", ("card", SlowNumber)) >= 1);
        // The second read is a hit: in the gateway's response cache, or (had that entry gone) in the card's grain.
        Assert.True(Delta(before, after, "cereon_card_cache_hits_total", ("card", SlowNumber))
            + Delta(before, after, "cereon_gateway_response_cache_hits_total", ("card", SlowNumber)) >= 1);
        Assert.True(Delta(before, after, "cereon_card_handler_duration_seconds_count", ("card", SlowNumber), ("outcome", "ok")) >= 1);
        Assert.True(Delta(before, after, "cereon_card_handler_duration_seconds_count", ("card", Flaky), ("outcome", "failed")) >= 1);
        Assert.DoesNotContain(after, s => s.Labels.Values.Any(v => v.Contains(key, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ExpiredResults_CountAsEvictions()
    {
        var before = await ScrapeAsync();
        using var response = await fixture.Http.GetAsync($"{ShortTtl}?key={Keys.Fresh()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // short_ttl caches for 2 s; its expiry timer then lets the result go.
        var after = await ScrapeUntilAsync(now => Delta(before, now, "cereon_card_cache_evictions_total", ("card", ShortTtl), ("reason", "expired")) >= 1);

        Assert.True(Delta(before, after, "cereon_card_cache_misses_total", ("card", ShortTtl)) >= 1);
    }

    [Fact]
    public async Task CardLabels_AreCatalogRoutesOnly()
    {
        using var unknown = await fixture.Http.GetAsync($"/api/cards/no_such_card_{Keys.Fresh()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // The whole catalog, protected cards included (their series exist from the start too), not only the cards
        // an anonymous caller of /api/reports may see.
        var catalog = await fixture.Cluster.Client.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster).GetAsync();
        var routes = catalog.Cards.Select(c => c.Route).ToHashSet();

        var labelled = (await ScrapeAsync()).Where(s => s.Labels.ContainsKey("card")).ToList();

        Assert.NotEmpty(labelled);
        Assert.All(labelled, s => Assert.Contains(s.Labels["card"], routes));
    }

    [Fact]
    public async Task Scrape_IncludesOrleansRuntimeAndKestrelMeters()
    {
        // A gateway of its own: every host in this process has a Kestrel meter of the same name, and once another
        // test's gateway has stopped, the shared gateway's scrape may no longer show Kestrel's series. A connection of
        // its own too: Kestrel records a connection only when its meter is listened to as it opens.
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client);
        using var fresh = new HttpClient();
        var samples = await PrometheusText.ScrapeAsync(fresh, gateway.BaseAddress);

        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiveTraffic_MovesSocketSubscriptionMessageProducerAndResumeMetrics()
    {
        var path = $"{CounterLive}?key={Keys.Fresh()}&periodMs=20";
        var before = await ScrapeAsync();
        await using var watcher = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await watcher.SubscribeAsync("watch");
        var subscribed = await watcher.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var data = await watcher.ReceiveDataAsync(5);
        var epoch = (string)subscribed["epoch"]!;

        await using var resumer = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, path);
        await resumer.SubscribeAsync("resume", resumeSeq: (long)data[2]["seq"]!, epoch: epoch);
        var recovered = await resumer.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        await resumer.SubscribeAsync("stale", resumeSeq: 1, epoch: "not-this-epoch");
        var notRecovered = await resumer.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed" && (string?)m["subscriptionId"] == "stale");
        Assert.True((bool)recovered["recovered"]!);
        Assert.False((bool)notRecovered["recovered"]!);

        var during = await ScrapeUntilAsync(now =>
            Delta(before, now, "cereon_gateway_live_messages_total", ("card", CounterLive), ("outcome", "delivered")) >= 5
            && Delta(before, now, "cereon_gateway_live_subscriptions", ("card", CounterLive)) >= 3);

        Assert.True(Delta(before, during, "cereon_gateway_websocket_connections", ("card", CounterLive)) >= 2);
        Assert.True(during.Sum("cereon_live_producers_active", ("card", CounterLive)) >= 1);
        Assert.True(Delta(before, during, "cereon_live_producers_started_total", ("card", CounterLive)) >= 1);
        Assert.True(Delta(before, during, "cereon_live_resumes_total", ("card", CounterLive), ("recovered", "true")) >= 1);
        Assert.True(Delta(before, during, "cereon_live_resumes_total", ("card", CounterLive), ("recovered", "false")) >= 1);

        await watcher.CloseAsync();
        await resumer.CloseAsync();
        var connectionsDuring = during.Sum("cereon_gateway_websocket_connections", ("card", CounterLive));
        await ScrapeUntilAsync(now => now.Sum("cereon_gateway_websocket_connections", ("card", CounterLive)) <= connectionsDuring - 2);
    }

    private static double Delta(
        IReadOnlyList<MetricSample> before, IReadOnlyList<MetricSample> after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private Task<IReadOnlyList<MetricSample>> ScrapeAsync() => PrometheusText.ScrapeAsync(fixture.Http, fixture.Gateway.BaseAddress);

    /// <summary>Scrapes until <paramref name="done"/> holds (the exporter caches a scrape briefly); fails after 15 s.</summary>
    private async Task<IReadOnlyList<MetricSample>> ScrapeUntilAsync(Func<IReadOnlyList<MetricSample>, bool> done)
    {
        var samples = await PrometheusText.ScrapeUntilAsync(fixture.Http, fixture.Gateway.BaseAddress, done);
        Assert.True(done(samples), "The metrics did not move as expected within 15 s.");
        return samples;
    }
}
