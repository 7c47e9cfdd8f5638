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
            .AddCard<FailsAfterFirstCard>()
            .AddCard<TraceProbeCard>()
            .AddCard<WhoAmICard>()
            .AddCard<TenantReportCard>()
            .AddCard<AcmeOnlyCard>()
            .AddCard<SharedPublicCard>()
            .AddCard<WhoAmIStreamCard>()
            .AddCard<WhoAmILiveCard>());
    }
}
