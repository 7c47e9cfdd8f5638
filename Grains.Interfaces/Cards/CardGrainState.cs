namespace Cereon.Grains.Interfaces.Cards;

/// <summary>What one card grain activation serves and holds, for an operator inspecting it.</summary>
/// <param name="Route">The card's route.</param>
/// <param name="ParamsJson">The canonical parameters it serves; null until its first request in this activation.</param>
/// <param name="CachedUntil">When the cached result expires; null when nothing is cached.</param>
/// <param name="CachedBytes">Size of the cached result.</param>
/// <param name="CacheHits">Requests this activation answered from its cache.</param>
/// <param name="CacheMisses">Requests this activation answered by running (or joining a run of) the handler.</param>
/// <param name="LastGoodAt">When the stored last good result was produced, if there is one.</param>
[GenerateSerializer, Immutable, Alias("cereon.card-grain-state")]
public sealed record CardGrainState(
    [property: Id(0)] string Route,
    [property: Id(1)] string? ParamsJson,
    [property: Id(2)] DateTimeOffset? CachedUntil,
    [property: Id(3)] int CachedBytes,
    [property: Id(4)] long CacheHits,
    [property: Id(5)] long CacheMisses,
    [property: Id(6)] DateTimeOffset? LastGoodAt);
