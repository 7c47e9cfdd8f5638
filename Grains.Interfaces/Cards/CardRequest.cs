namespace Cereon.Grains.Interfaces.Cards;

/// <summary>One request for a card's records, as the gateway hands it to the card's grain.</summary>
/// <param name="ParamsJson">The decoded parameters as canonical JSON (an object; keys sorted).</param>
/// <param name="Method">The HTTP method the caller used, for cards that behave differently on POST.</param>
/// <param name="Caller">Who is asking; anonymous until the security layer fills it.</param>
[GenerateSerializer, Immutable, Alias("cereon.card-request")]
public sealed record CardRequest(
    [property: Id(0)] string ParamsJson,
    [property: Id(1)] string Method,
    [property: Id(2)] CardCaller Caller)
{
    /// <summary>
    /// The caller's W3C trace parent when no grain-call span carries it (nobody records them), so that a handler
    /// still runs, and logs, under the request's trace id.
    /// </summary>
    [Id(3)] public string? TraceParent { get; init; }
}
