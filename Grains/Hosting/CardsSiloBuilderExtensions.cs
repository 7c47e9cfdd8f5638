using Cereon.Grains.Caching;
using Cereon.Grains.Cards;
using Cereon.Grains.Catalog;
using Cereon.Grains.Live;
using Cereon.Grains.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cereon.Grains.Hosting;

public static class CardsSiloBuilderExtensions
{
    /// <summary>
    /// Hosts card grains on this silo with the cards chosen by <paramref name="configure"/>, and publishes them
    /// to the cluster catalog. Needs grain storage named <c>StorageNames.Cards</c>.
    /// </summary>
    public static ISiloBuilder AddCereonCards(this ISiloBuilder silo, Action<CardRegistrationBuilder> configure)
    {
        var services = silo.Services;
        configure(new CardRegistrationBuilder(services));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CardRegistry>();
        services.TryAddSingleton<CardCacheBudget>();
        services.TryAddSingleton<CardActivationBudget>();
        services.TryAddSingleton<ILiveHistoryStore, MemoryLiveHistoryStore>();
        services.TryAddSingleton<LiveProducerSlots>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveProducerSlots>());
        services.AddHostedService<LiveHistorySweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CatalogRegistrar>();
        services.TryAddSingleton<CardCacheTally>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CardUsageReporter>();
        services.AddOptions<CardCacheOptions>().BindConfiguration(CardCacheOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CardCacheOptions>, CardCacheOptionsValidator>());
        services.AddOptions<LiveCardOptions>().BindConfiguration(LiveCardOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveCardOptions>, LiveCardOptionsValidator>());
        services.AddOptions<GrainCollectionOptions>()
            .Configure<IOptions<CardCacheOptions>>((collection, cache) =>
                collection.ClassSpecificCollectionAge[typeof(CardGrain).FullName!] = cache.Value.IdleDeactivation)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, ActivationCollectionValidator>());
        return silo;
    }
}
