namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Records of a streaming card's response as its grain hands them to the gateway: several at once, already serialised,
/// so a stream costs one grain call per batch and the gateway only writes bytes and frames them (protocol.md §5).
/// </summary>
/// <param name="Records">Each record's UTF-8 JSON (a flattened record, or under the <c>log</c> policy a
/// <c>__validation_error</c> object), back to back.</param>
/// <param name="Ends">Where each record ends in <paramref name="Records"/>, in order.</param>
/// <param name="Error">Set when the stream ended in failure after these records.</param>
/// <param name="IsLast">No batch follows: the gateway stops reading, which releases the grain.</param>
[GenerateSerializer, Immutable, Alias("cereon.stream-batch")]
public sealed record StreamBatch(
    [property: Id(0)] byte[] Records,
    [property: Id(1)] int[] Ends,
    [property: Id(2)] string? Error,
    [property: Id(3)] bool IsLast)
{
    public int Count => Ends.Length;

    public static StreamBatch Failed(string error) => new([], [], error, true);

    public ReadOnlySpan<byte> RecordAt(int index)
    {
        var start = index == 0 ? 0 : Ends[index - 1];
        return Records.AsSpan(start, Ends[index] - start);
    }
}
