namespace Cereon.Grains.Interfaces.Usage;

/// <summary>One card's usage summed over the reporting silos and gateways.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-usage-entry")]
public sealed record CardUsage(
    [property: Id(0)] string Route,
    [property: Id(1)] long CacheHits,
    [property: Id(2)] long CacheMisses,
    [property: Id(3)] int Viewers);
