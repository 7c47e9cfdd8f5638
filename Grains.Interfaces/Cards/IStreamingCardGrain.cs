namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Runs a streaming card's handler for one request and yields its records as they are produced. Keyed per request
/// (<see cref="StreamingCardKeys"/>). Disposing the enumeration (a client that leaves) cancels the handler.
/// </summary>
[Alias("cereon.streaming-card")]
public interface IStreamingCardGrain : IGrainWithStringKey
{
    [Alias("stream")]
    IAsyncEnumerable<StreamChunk> StreamAsync(CardRequest request);
}
