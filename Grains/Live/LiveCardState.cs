namespace Cereon.Grains.Live;

/// <summary>
/// What a live card stream persists besides its history: the last acknowledged seq of each subscription, so a
/// client reconnecting with a known subscription id resumes after its last ack on any gateway.
/// </summary>
[GenerateSerializer, Alias("cereon.live-card-state")]
internal sealed class LiveCardState
{
    [Id(0)] public Dictionary<string, long> Acks { get; set; } = [];
}
