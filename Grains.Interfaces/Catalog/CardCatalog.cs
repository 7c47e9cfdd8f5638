using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Catalog;

/// <summary>The union of the cards of all live silos. <see cref="Version"/> changes whenever the set does.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-catalog-snapshot")]
public sealed record CardCatalog(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<CardDescriptor> Cards)
{
    public static CardCatalog Empty { get; } = new(0, []);
}
