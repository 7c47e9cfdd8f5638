namespace Cereon.Grains.Interfaces.Cards;

/// <summary>The caller's identity as it crosses the wire: the claims of the authenticated principal.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-caller")]
public sealed record CardCaller(
    [property: Id(0)] string? AuthenticationType,
    [property: Id(1)] IReadOnlyList<CardClaim> Claims)
{
    public static CardCaller Anonymous { get; } = new(null, []);
}
