namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// The answer to a subscribe: the messages to send before live ones (a replay after the resume point, or the
/// current snapshot), and whether the resume point was honoured.
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.live-subscription")]
public sealed record LiveSubscription(
    [property: Id(0)] string Epoch,
    [property: Id(1)] bool Recovered,
    [property: Id(2)] IReadOnlyList<LiveMessage> Messages,
    [property: Id(3)] string? Error)
{
    public static LiveSubscription Refused(string error) => new(string.Empty, false, [], error);
}
