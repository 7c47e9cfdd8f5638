namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// The answer to a subscribe: the messages to send before live ones (a replay after the resume point, or the
/// current snapshot), whether the resume point was honoured, and the stream's last seq so a later gap shows.
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.live-subscription")]
public sealed record LiveSubscription(
    [property: Id(0)] string Epoch,
    [property: Id(1)] bool Recovered,
    [property: Id(2)] IReadOnlyList<LiveMessage> Messages,
    [property: Id(3)] string? Error,
    [property: Id(4)] long LastSeq)
{
    public static LiveSubscription Refused(string error) => new(string.Empty, false, [], error, 0);
}
