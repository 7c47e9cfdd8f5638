using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Processes;

/// <summary>
/// A fresh process exports its per-card series (sockets, subscriptions, producers, cache) at zero before first use,
/// so an alert such as "connections == 0" has a series to look at from the start.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MetricsFromStartTests
{
    [Fact]
    public async Task CardSeries_ExistAtZero_BeforeFirstUse()
    {
        var (environment, address) = HostProcess.EmbeddedDefault();
        await using var host = HostProcess.Start("Cereon.Silo.dll", environment);
        await host.WaitUntilServingAsync(address, TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = address };

        var samples = await PrometheusText.ScrapeAsync(client, address);

        foreach (var card in (string[])["/api/cards/live_active_users", "/api/cards/showcase_ticker"])
        {
            Assert.Contains(samples, s => s.Name == "cereon_gateway_websocket_connections" && s.Labels.GetValueOrDefault("card") == card && s.Value == 0);
            Assert.Contains(samples, s => s.Name == "cereon_gateway_live_subscriptions" && s.Labels.GetValueOrDefault("card") == card && s.Value == 0);
        }

        Assert.Contains(samples, s => s.Name == "cereon_live_producers_active" && s.Labels.GetValueOrDefault("card") == "/api/cards/showcase_ticker" && s.Value == 0);
        Assert.Contains(samples, s => s.Name == "cereon_card_cache_hits_total" && s.Labels.GetValueOrDefault("card") == "/api/cards/mrr_overview" && s.Value == 0);
        Assert.Contains(samples, s => s.Name == "cereon_card_cache_misses_total" && s.Labels.GetValueOrDefault("card") == "/api/cards/mrr_overview" && s.Value == 0);
        Assert.DoesNotContain(samples, s => s.Name == "cereon_gateway_websocket_connections" && s.Labels.GetValueOrDefault("card") == "/api/cards/mrr_overview");
    }
}
