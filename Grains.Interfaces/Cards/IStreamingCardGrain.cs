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

    /// <summary>
    /// A card with a TTL: the whole fresh recording of a run that ended well, as one last batch, in one call (what
    /// most requests for a shared stream get); null when there is none, and <see cref="StreamAsync"/> is the way.
    /// </summary>
    [Alias("recorded")]
    Task<StreamBatch?> GetRecordedAsync();
}
