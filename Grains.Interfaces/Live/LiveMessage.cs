namespace Cereon.Grains.Interfaces.Live;

/// <summary>One numbered message of a live card stream.</summary>
/// <param name="Seq">Increases by one per card stream (protocol.md §6).</param>
/// <param name="Id">Unique message id, <c>{epoch}-{seq}</c>; what clients acknowledge.</param>
/// <param name="Timestamp">When the producer (or publisher) made it.</param>
/// <param name="Record">The flattened record as UTF-8 JSON, as produced or published (what the history stores).</param>
/// <param name="Windowed">
/// The record as the <c>record</c> format sends it (protocol.md §6): the newest record with the card's current window
/// of points or rows in its <c>data</c> or <c>rows</c> array, without the members a data message adds. Built once per
/// card stream by its grain; null for a message not yet windowed.
/// </param>
[GenerateSerializer, Immutable, Alias("cereon.live-message")]
public sealed record LiveMessage(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Id,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] byte[] Record,
    [property: Id(4)] byte[]? Windowed = null);
