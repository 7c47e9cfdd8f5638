namespace Cereon.Grains.Interfaces.Cards;

/// <summary>How a WebSocket card serves its viewers: its topics, heartbeat and acks.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-descriptor.live")]
public sealed record LiveDescriptor
{
    /// <summary>
    /// Topics the card serves; empty means one topic, named by the card's id or <c>default</c>
    /// (<see cref="Live.LiveTopics"/>).
    /// </summary>
    [Id(0)] public EquatableList<string> Topics { get; init; } = [];

    /// <summary>
    /// Whether the card also serves topics it does not declare, those its validator accepts; each is a stream of its
    /// own, bounded by the silo's producer cap per card and the gateway's rate of new streams per client.
    /// </summary>
    [Id(1)] public bool OpenTopics { get; init; }

    /// <summary>Heartbeat period; null takes the gateway's default (30 s unless configured).</summary>
    [Id(2)] public TimeSpan? Heartbeat { get; init; }

    /// <summary>Default ack policy (<c>auto</c> or <c>manual</c>).</summary>
    [Id(3)] public string AckPolicy { get; init; } = "auto";

    /// <summary>Whether the card accepts client messages beyond the protocol's own actions.</summary>
    [Id(4)] public bool AcceptsClientMessages { get; init; }
}
