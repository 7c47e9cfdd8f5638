using System.Text;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Cards;

/// <summary>The bytes around each record for each streaming format (protocol.md §5).</summary>
internal sealed class StreamFraming
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private static readonly byte[] SseData = "data: "u8.ToArray();
    private static readonly byte[] SseRecordEnd = "\n\n"u8.ToArray();
    private static readonly byte[] SseEnd = "event: end\ndata: {}\n\n"u8.ToArray();
    private static readonly byte[] JsonOpen = "["u8.ToArray();
    private static readonly byte[] JsonComma = ","u8.ToArray();
    private static readonly byte[] JsonClose = "]"u8.ToArray();

    private StreamFraming(string mediaType, byte[] start, byte[] beforeFirst, byte[] beforeNext, byte[] after, byte[] end)
    {
        MediaType = mediaType;
        Start = start;
        BeforeFirst = beforeFirst;
        BeforeNext = beforeNext;
        After = after;
        End = end;
    }

    public string MediaType { get; }

    public byte[] Start { get; }

    public byte[] BeforeFirst { get; }

    public byte[] BeforeNext { get; }

    public byte[] After { get; }

    public byte[] End { get; }

    public bool IsSse => ReferenceEquals(BeforeFirst, SseData);

    public static StreamFraming For(CardDescriptor card) => card.Streaming.Format switch
    {
        StreamFormats.Sse => new("text/event-stream", [], SseData, SseData, SseRecordEnd, SseEnd),
        StreamFormats.Delimited => Delimited(card.Streaming.Delimiter),
        StreamFormats.Json => new("application/json; charset=utf-8", JsonOpen, [], JsonComma, [], JsonClose),
        _ => new("application/x-ndjson", [], [], [], Newline, []),
    };

    /// <summary>An SSE error block, written before a failed stream ends (ours: protocol.md §5).</summary>
    public static byte[] SseError(byte[] errorJson) => [.. "event: error\ndata: "u8, .. errorJson, .. SseRecordEnd];

    private static StreamFraming Delimited(string delimiter)
    {
        var pair = Encoding.UTF8.GetBytes(delimiter + delimiter);
        return new("text/plain; charset=utf-8", [], [], [], pair, []);
    }
}
