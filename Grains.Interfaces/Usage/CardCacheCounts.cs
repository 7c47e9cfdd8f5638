namespace Cereon.Grains.Interfaces.Usage;

/// <summary>Requests one silo answered for a card from its cache (hits) or by running the handler (misses).</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-cache-counts")]
public sealed record CardCacheCounts(
    [property: Id(0)] long Hits,
    [property: Id(1)] long Misses);
