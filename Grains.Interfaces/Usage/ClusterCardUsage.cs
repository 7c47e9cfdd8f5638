namespace Cereon.Grains.Interfaces.Usage;

/// <summary>Usage of every card anyone reported on, and how many silos and gateways reported.</summary>
[GenerateSerializer, Immutable, Alias("cereon.cluster-card-usage")]
public sealed record ClusterCardUsage(
    [property: Id(0)] IReadOnlyList<CardUsage> Cards,
    [property: Id(1)] int Silos,
    [property: Id(2)] int Gateways);
