namespace Cereon.Grains.Live;

/// <summary>
/// What a live card stream persists besides its history: the last acknowledged seq of each subscription cursor (a
/// subscription id scoped to its caller), so a caller reconnecting with a known subscription id resumes after its own
/// last ack on any gateway.
/// </summary>
[GenerateSerializer, Alias("cereon.live-card-state")]
internal sealed class LiveCardState
{
    [Id(0)] public Dictionary<string, long> Acks { get; set; } = [];
}
