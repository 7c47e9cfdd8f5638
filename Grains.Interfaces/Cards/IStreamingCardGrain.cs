namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Streams a streaming card's records as they are produced, in batches (<see cref="StreamBatch"/>), the last one
/// flagged. Keyed by <see cref="StreamingCardKeys"/>: per request for a card without a TTL, else per card, parameters
/// and caller partition, where every request shares one handler run. Disposing the enumeration (a client that
/// leaves) stops a run nobody else reads.
/// </summary>
[Alias("cereon.streaming-card")]
public interface IStreamingCardGrain : IGrainWithStringKey
{
    [Alias("stream-batches")]
    IAsyncEnumerable<StreamBatch> StreamAsync(CardRequest request);
}
