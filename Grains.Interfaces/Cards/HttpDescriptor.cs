namespace Cereon.Grains.Interfaces.Cards;

/// <summary>What HTTP requests a card answers and how long an answer is kept; used by http and streaming-http cards.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-descriptor.http")]
public sealed record HttpDescriptor
{
    /// <summary>HTTP methods the card answers, upper case; default GET only.</summary>
    [Id(0)] public EquatableList<string> Methods { get; init; } = ["GET"];

    /// <summary>
    /// How long a result stays cached in the card's grain; zero disables caching, null takes the silo's default. On a
    /// streaming card, how long requests share a run's recording after it ends; zero or null: one run per request.
    /// </summary>
    [Id(1)] public TimeSpan? CacheTtl { get; init; }
}
