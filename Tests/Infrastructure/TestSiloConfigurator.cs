using Cereon.Grains.Hosting;
using Cereon.Grains.Live;
using Microsoft.Extensions.DependencyInjection;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Interfaces.Live;
using Orleans.TestingHost;

namespace Cereon.Tests.Infrastructure;

/// <summary>Silos of the shared test cluster host the demo cards and the test cards, as the embedded default does.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    /// <summary>Producers per live card per silo: low, so tests reach the cap; well above what any other test holds at once.</summary>
    public const int MaxProducersPerCard = 20;

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddMemoryGrainStorage(StorageNames.Cards);
        siloBuilder.AddMemoryGrainStorage(LiveStreams.PubSubStorage);
        siloBuilder.AddCereonLiveStreams();
        siloBuilder.AddActivityPropagation();
        siloBuilder.Services.Configure<LiveCardOptions>(live =>
        {
            live.LeaseTtl = TimeSpan.FromSeconds(3);
            live.Linger = TimeSpan.FromSeconds(1);
            live.MaxProducersPerCard = MaxProducersPerCard;
        });
        siloBuilder.AddCereonCards(cards => cards
            .AddDemoCards()
            .AddCard<SlowNumberCard>()
            .AddCard<ShortTtlCard>()
            .AddCard<FlakyCard>()
            .AddCard<InvalidRecordCard>()
            .AddCard<EchoCard>()
            .AddCard<SlowStreamCard>()
            .AddCard<EndlessStreamCard>()
            .AddCard<BulkStreamCard>()
            .AddCard<MixedSkipCard>()
            .AddCard<MixedLogCard>()
            .AddCard<MixedFailCard>()
            .AddCard<MixedSseCard>()
            .AddCard<CounterLiveCard>()
            .AddCard<ChatLiveCard>()
            .AddCard<WindowLiveCard>()
            .AddCard<RoomLiveCard>()
            .AddCard<RoomCapLiveCard>()
            .AddCard<FailsAfterFirstCard>()
            .AddCard<TraceProbeCard>()
            .AddCard<WhoAmICard>()
            .AddCard<TenantReportCard>()
            .AddCard<AcmeOnlyCard>()
            .AddCard<SharedPublicCard>()
            .AddCard<WhoAmIStreamCard>()
            .AddCard<WhoAmILiveCard>()
            .AddCard<SharedStreamCard>()
            .AddCard<BriefStreamCard>()
            .AddCard<BriefReadyStreamCard>()
            .AddCard<WhoAmISharedStreamCard>()
            .AddCard<SharedMixedLogCard>()
            .AddCard<SharedMixedFailCard>()
            .AddCard<SharedMixedSseCard>()
            .AddCard<SharedEndlessStreamCard>()
            .AddCard<CountedStreamCard>()
            .AddCard<CountedEndlessStreamCard>());
    }
}
