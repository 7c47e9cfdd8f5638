using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Catalog;

/// <summary>The cards one silo hosts, as it registers them in the catalog.</summary>
[GenerateSerializer, Immutable, Alias("cereon.silo-card-set")]
public sealed record SiloCardSet(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] IReadOnlyList<CardDescriptor> Cards);
