namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// A card grain's answer. On success <see cref="Body"/> holds the exact response bytes (a JSON array of
/// flattened records), so the gateway writes them without parsing or re-serialising.
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.card-response")]
public sealed record CardResponse(
    [property: Id(0)] CardOutcome Outcome,
    [property: Id(1)] byte[] Body,
    [property: Id(2)] string? Error)
{
    public static CardResponse Success(byte[] body) => new(CardOutcome.Ok, body, null);

    public static CardResponse Failure(CardOutcome outcome, string error) => new(outcome, [], error);
}
