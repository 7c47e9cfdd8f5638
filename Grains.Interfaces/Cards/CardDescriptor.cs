namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Everything a gateway needs to know about a card to route and serve it, without holding the card's code.
/// Published by each silo into the cluster catalog. What every card has sits here; what one transport or the access
/// rules use sits in a part of its own. Equality is the compiler's record equality, field by field all the way down,
/// and the catalog's version is a digest of every field (<c>CardDescriptorTests</c> fails when one is left out).
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.card-descriptor")]
public sealed record CardDescriptor
{
    // Ids 5, 6 and 8 to 21 held the flat fields that now live in the parts: never reuse them.
    [Id(0)] public required string ReportId { get; init; }
    [Id(1)] public required string CardId { get; init; }
    [Id(2)] public required string Kind { get; init; }

    /// <summary>How the card is served (<see cref="CardTransports"/>).</summary>
    [Id(3)] public required string Transport { get; init; }

    /// <summary>Route prefix without a trailing slash; default <c>/api/cards</c>.</summary>
    [Id(4)] public string RoutePrefix { get; init; } = CardRoutes.DefaultPrefix;

    [Id(7)] public string? Title { get; init; }

    /// <summary>Methods and caching of the two HTTP transports.</summary>
    [Id(22)] public HttpDescriptor Http { get; init; } = new();

    /// <summary>Framing and batching of a streaming-http card.</summary>
    [Id(23)] public StreamingDescriptor Streaming { get; init; } = new();

    /// <summary>Topics, heartbeat and acks of a WebSocket card.</summary>
    [Id(24)] public LiveDescriptor Live { get; init; } = new();

    /// <summary>Who may use the card and whether its results depend on who asks.</summary>
    [Id(25)] public AccessDescriptor Access { get; init; } = new();

    /// <summary>The path the card is served at: <c>{RoutePrefix}/{CardId}</c>.</summary>
    public string Route => CardRoutes.Combine(RoutePrefix, CardId);
}
