using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Catalog;

/// <summary>The persisted registrations: each silo's cards and when it last registered them.</summary>
[GenerateSerializer, Alias("cereon.catalog-state")]
internal sealed class CatalogState
{
    [Id(0)] public Dictionary<SiloAddress, SiloRegistration> Silos { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("cereon.silo-registration")]
internal sealed record SiloRegistration(
    [property: Id(0)] DateTimeOffset RegisteredAt,
    [property: Id(1)] IReadOnlyList<CardDescriptor> Cards);
