namespace Cereon.Grains.Interfaces.Cards;

/// <summary>How a streaming-http card's records are framed and batched (protocol.md §5).</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-descriptor.streaming")]
public sealed record StreamingDescriptor
{
    /// <summary>Streaming-http format (<see cref="StreamFormats"/>).</summary>
    [Id(0)] public string Format { get; init; } = StreamFormats.Ndjson;

    /// <summary>Most records one streaming write may batch.</summary>
    [Id(1)] public int PacketSize { get; init; } = 1000;

    /// <summary>Streaming error policy (<see cref="StreamErrorPolicies"/>).</summary>
    [Id(2)] public string ErrorPolicy { get; init; } = StreamErrorPolicies.Skip;

    /// <summary>Record delimiter of the <c>delimited</c> format (written twice between records).</summary>
    [Id(3)] public string Delimiter { get; init; } = "\n";
}
