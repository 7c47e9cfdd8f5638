using Cereon.Grains.Caching;
using Cereon.Grains.Hosting;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Live;
using Cereon.Grains.Interfaces.Live;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cereon.Tests.Grains.Caching;

/// <summary>
/// Parameter sets past a card's budget (<c>Cereon:Cache:MaxParameterSetsPerCard</c>) are answered but neither
/// cached nor kept activated, on a silo of its own whose budget is three parameter sets per card.
/// </summary>
[Collection(ParameterChurnCluster.Name)]
public sealed class ParameterChurnTests(ParameterChurnCluster fixture)
{
    private const string Route = "/api/cards/slow_number";

    [Fact]
    public async Task ParameterSets_PastTheBudget_AreAnswered_ButNotCached()
    {
        var keys = Enumerable.Range(0, 8).Select(_ => Keys.Fresh()).ToList();

        var responses = new List<CardResponse>();
        foreach (var key in keys.Concat(keys))
        {
            responses.Add(await Grain(Route, key).GetAsync(Request(key, ""","delayMs":0""")));
        }

        Assert.All(responses, response => Assert.Equal(CardOutcome.Ok, response.Outcome));
        var runs = keys.Select(key => HandlerRuns.Of("slow_number", key)).ToList();
        Assert.Equal(ParameterChurnCluster.PerCard, runs.Count(n => n == 1));
        Assert.Equal(keys.Count - ParameterChurnCluster.PerCard, runs.Count(n => n == 2));
    }

    [Fact]
    public async Task ParameterSets_PastTheBudget_DoNotStayActivated()
    {
        var route = "/api/cards/short_ttl";
        foreach (var key in Enumerable.Range(0, 10).Select(_ => Keys.Fresh()))
        {
            var response = await Grain(route, key).GetAsync(Request(key));
            Assert.Equal(CardOutcome.Ok, response.Outcome);
        }

        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var active = await ActiveAsync(management, route);
        for (var attempt = 0; attempt < 100 && active > ParameterChurnCluster.PerCard; attempt++)
        {
            await Task.Delay(100);
            active = await ActiveAsync(management, route);
        }

        Assert.Equal(ParameterChurnCluster.PerCard, active);
    }

    private ICardGrain Grain(string route, string key) =>
        fixture.Cluster.Client.GetGrain<ICardGrain>(CardGrainKeys.For(route, $$"""{"key":"{{key}}"}"""));

    private static CardRequest Request(string key, string more = "") => new($$"""{"key":"{{key}}"{{more}}}""", "GET", CardCaller.Anonymous);

    private static async Task<int> ActiveAsync(IManagementGrain management, string route)
    {
        var grains = await management.GetDetailedGrainStatistics();
        return grains.Count(g => g.GrainId.Key.ToString()!.StartsWith(route + "?", StringComparison.Ordinal));
    }
}

/// <summary>A one-silo cluster with a budget of three parameter sets per card, used only by <see cref="ParameterChurnTests"/>.</summary>
public sealed class ParameterChurnCluster : IAsyncLifetime
{
    public const string Name = "parameter churn";
    public const int PerCard = 3;

    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Cards);
            siloBuilder.AddMemoryGrainStorage(LiveStreams.PubSubStorage);
            siloBuilder.AddCereonLiveStreams();
            siloBuilder.Services.Configure<CardCacheOptions>(cache => cache.MaxParameterSetsPerCard = PerCard);
            siloBuilder.AddCereonCards(cards => cards.AddCard<SlowNumberCard>().AddCard<ShortTtlCard>());
        }
    }
}

[CollectionDefinition(ParameterChurnCluster.Name)]
public sealed class ParameterChurnGroup : ICollectionFixture<ParameterChurnCluster>;
