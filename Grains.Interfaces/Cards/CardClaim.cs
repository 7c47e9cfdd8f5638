namespace Cereon.Grains.Interfaces.Cards;

/// <summary>One claim of the caller.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-claim")]
public sealed record CardClaim([property: Id(0)] string Type, [property: Id(1)] string Value);
