namespace Cereon.Grains.Interfaces.Live;

/// <summary>One numbered message of a live card stream.</summary>
/// <param name="Seq">Increases by one per card stream (protocol.md §6).</param>
/// <param name="Id">Unique message id, <c>{epoch}-{seq}</c>; what clients acknowledge.</param>
/// <param name="Timestamp">When the producer (or publisher) made it.</param>
/// <param name="Record">The flattened record as UTF-8 JSON.</param>
[GenerateSerializer, Immutable, Alias("cereon.live-message")]
public sealed record LiveMessage(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Id,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] byte[] Record);
