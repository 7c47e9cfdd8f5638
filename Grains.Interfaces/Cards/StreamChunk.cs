namespace Cereon.Grains.Interfaces.Cards;

/// <summary>One element of a streaming card's response, as the grain yields it to the gateway.</summary>
/// <param name="Json">A flattened record (or, under the <c>log</c> policy, a <c>__validation_error</c> object) as UTF-8 JSON.</param>
/// <param name="Error">Set on the last chunk of a stream that ended in failure; <see cref="Json"/> is then empty.</param>
[GenerateSerializer, Immutable, Alias("cereon.stream-chunk")]
public sealed record StreamChunk([property: Id(0)] byte[] Json, [property: Id(1)] string? Error)
{
    public bool IsFailure => Error is not null;

    public static StreamChunk Record(byte[] json) => new(json, null);

    public static StreamChunk Failure(string error) => new([], error);
}
