using System.Diagnostics.Metrics;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Silo.Memory;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cereon.Tests.Silo.Memory;

/// <summary>The reclaimer's activation count is Orleans' own gauge, read per silo, on the shared two-silo cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed class OrleansActivationCountTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Count_Grows_WithNewActivations()
    {
        using var primary = Count(fixture.Cluster.Primary!);
        using var secondary = Count(fixture.Cluster.SecondarySilos[0]);
        var before = primary.Read() + secondary.Read();

        const int Activations = 40;
        foreach (var key in Enumerable.Range(0, Activations).Select(_ => Keys.Fresh()))
        {
            var grain = fixture.Cluster.Client.GetGrain<ICardGrain>(CardGrainKeys.For("/api/cards/slow_number", $$"""{"key":"{{key}}"}"""));
            var response = await grain.GetAsync(new CardRequest($$"""{"key":"{{key}}","delayMs":0}""", "GET", CardCaller.Anonymous));
            Assert.Equal(CardOutcome.Ok, response.Outcome);
        }

        // At least half: other tests' activations may be collected meanwhile.
        Assert.InRange(primary.Read() + secondary.Read() - before, Activations / 2, long.MaxValue);
    }

    private static OrleansActivationCount Count(SiloHandle silo) =>
        new(((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<IMeterFactory>());
}
