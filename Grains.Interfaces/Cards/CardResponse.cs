namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// A card grain's answer. On success <see cref="Body"/> holds the exact response bytes (a JSON array of
/// flattened records), so the gateway writes them without parsing or re-serialising; <see cref="ETag"/> is a strong
/// validator of those bytes, and <see cref="FreshFor"/> how long the grain will keep answering them from its cache
/// (null when it does not cache them).
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.card-response")]
public sealed record CardResponse(
    [property: Id(0)] CardOutcome Outcome,
    [property: Id(1)] byte[] Body,
    [property: Id(2)] string? Error)
{
    [Id(3)] public string? ETag { get; init; }

    [Id(4)] public TimeSpan? FreshFor { get; init; }

    public static CardResponse Success(byte[] body) => new(CardOutcome.Ok, body, null) { ETag = EntityTags.Of(body) };

    public static CardResponse Failure(CardOutcome outcome, string error) => new(outcome, [], error);
}
