using Cereon.Tests.Infrastructure;
using Orleans.Runtime;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// The probe of issue 12: one anonymous socket subscribes and unsubscribes 2,000 invented topics on a real gateway.
/// It used to leave 2,000 live card grains and 2,000 running producers; now a card declaring no topics refuses them
/// before any grain exists, and a card with open topics never runs more producers than its cap.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class LiveTopicChurnTests(ClusterFixture fixture)
{
    private const int Topics = 2000;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task InventedTopics_OnACardDeclaringNone_StartNoGrainAndNoProducer()
    {
        var before = await LiveActivationsAsync();

        var (subscribed, mostProducers) = await ChurnAsync("showcase_ticker", n => $"invented-{n}");

        Assert.Equal(0, subscribed);
        Assert.True(mostProducers <= 5, $"{mostProducers} showcase_ticker producers at once");
        await AssertActivationsSettleAsync(before, 5);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task InventedTopics_OnACardWithOpenTopics_StayWithinItsProducerCap()
    {
        var cap = 2 * TestSiloConfigurator.MaxProducersPerCard;
        var before = await LiveActivationsAsync();

        var (subscribed, mostProducers) = await ChurnAsync("room_live", n => $"room-{n}");

        Assert.InRange(subscribed, 1, Topics);
        Assert.InRange(mostProducers, 1, cap);
        await AssertActivationsSettleAsync(before, cap + 5);
    }

    /// <summary>Subscribes and unsubscribes every topic in turn, sampling the card's producers as it goes.</summary>
    private async Task<(int Subscribed, double MostProducers)> ChurnAsync(string cardId, Func<int, string> topic)
    {
        var route = $"/api/cards/{cardId}";
        var run = Keys.Fresh();
        using var sampling = new CancellationTokenSource();
        var sampler = MostProducersAsync(route, sampling.Token);
        var subscribed = 0;
        await using (var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, route))
        {
            for (var n = 0; n < Topics; n++)
            {
                await client.SubscribeAsync("s", topic: $"{topic(n)}-{run}");
                var answer = await client.ReceiveUntilAsync(m => (string?)m["action"] is "subscribed" or "subscription_error");
                subscribed += (string?)answer["action"] == "subscribed" ? 1 : 0;
                await client.SendAsync(new System.Text.Json.Nodes.JsonObject { ["action"] = "unsubscribe", ["subscriptionId"] = "s" });
                await client.ReceiveUntilAsync(m => (string?)m["action"] == "unsubscribed");
            }
        }

        await sampling.CancelAsync();
        return (subscribed, await sampler);
    }

    private async Task<double> MostProducersAsync(string route, CancellationToken stop)
    {
        var most = 0.0;
        while (!stop.IsCancellationRequested)
        {
            var samples = await PrometheusText.ScrapeAsync(fixture.Http, fixture.Gateway.BaseAddress);
            most = Math.Max(most, samples.Sum("cereon_live_producers_active", ("card", route)));
            await Task.Delay(100, CancellationToken.None);
        }

        return most;
    }

    /// <summary>Refused and idle streams' grains deactivate at once; allow a few seconds for the last of them.</summary>
    private async Task AssertActivationsSettleAsync(int before, int most)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var added = await LiveActivationsAsync() - before;
        while (added > most && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            added = await LiveActivationsAsync() - before;
        }

        Assert.True(added <= most, $"{added} more live card grains than before the churn");
    }

    private async Task<int> LiveActivationsAsync()
    {
        var statistics = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("LiveCardGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
