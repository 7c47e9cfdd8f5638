using Cereon.Grains.Caching;
using Cereon.Grains.Interfaces.Live;
using Cereon.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;

namespace Cereon.Tests.Silo.Hosting;

/// <summary>The silo host turns <c>Cereon:Memory</c> and the storage provider into the Orleans and cache settings that bound memory.</summary>
public sealed class SiloMemoryBudgetTests
{
    [Fact]
    public void MemoryStorage_KeepsLastGoodResults_InTheirActivationsOnly()
    {
        using var app = Build([]);

        Assert.False(app.Services.GetRequiredService<IOptions<CardCacheOptions>>().Value.StoreLastGood);
    }

    [Fact]
    public void StoreLastGood_SetExplicitly_Wins()
    {
        using var app = Build(new() { ["Cereon:Cache:StoreLastGood"] = "true" });

        Assert.True(app.Services.GetRequiredService<IOptions<CardCacheOptions>>().Value.StoreLastGood);
    }

    [Fact]
    public void MemorySettings_ReachOrleans()
    {
        using var app = Build(new()
        {
            ["Cereon:Memory:DirectoryCacheSize"] = "1234",
            ["Cereon:Memory:ShedAbovePercent"] = "60",
            ["Cereon:Memory:ShedTargetPercent"] = "50",
        });

        var collection = app.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Assert.Equal(1234, app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
        Assert.True(collection.EnableActivationSheddingOnMemoryPressure);
        Assert.Equal(60, collection.MemoryUsageLimitPercentage);
        Assert.Equal(50, collection.MemoryUsageTargetPercentage);
    }

    [Fact]
    public void DirectoryCache_ByDefault_HoldsTenThousandGrainLocations()
    {
        using var app = Build([]);

        // Orleans' LRU directory cache cycles its queues only when over capacity: after parameter churn it still held
        // an entry per parameter set, some 330 bytes each, minutes after their grains had gone (BENCHMARKS.md,
        // "Session 5: memory after churn").
        Assert.Equal(10_000, app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Fact]
    public void LiveStreamCache_PurgesMessages_AMinuteAfterDelivery()
    {
        using var app = Build([]);

        // Orleans' own purge rule, fed with the settings the silo gives the live stream provider: a message delivered
        // two minutes ago, in a queue that still receives messages, must be gone. Orleans' defaults keep it for 30.
        var eviction = app.Services.GetRequiredService<IOptionsMonitor<StreamCacheEvictionOptions>>().Get(LiveStreams.ProviderName);
        var purge = new TimePurgePredicate(eviction.DataMinTimeInCache, eviction.DataMaxAgeInCache);

        Assert.True(purge.ShouldPurgeFromTime(timeInCache: TimeSpan.FromMinutes(2), relativeAge: TimeSpan.FromMinutes(2)));
        Assert.False(purge.ShouldPurgeFromTime(timeInCache: TimeSpan.FromSeconds(30), relativeAge: TimeSpan.FromSeconds(30)));
    }

    private static WebApplication Build(Dictionary<string, string?> settings) => SiloHosts.Build(settings);
}
