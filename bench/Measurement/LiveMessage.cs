using System.Text.Json;

namespace Cereon.Bench.Measurement;

/// <summary>
/// The top-level members of one server frame that the fan-out client reads, taken with a forward-only
/// <see cref="Utf8JsonReader"/> that skips the record without building it. The spans point into the frame's buffer.
/// </summary>
internal readonly ref struct LiveMessage
{
    private LiveMessage(LiveMessageKind kind, long seq, long timestampTicks, bool hasTimestamp, ReadOnlySpan<byte> id, ReadOnlySpan<byte> text)
    {
        Kind = kind;
        Seq = seq;
        TimestampTicks = timestampTicks;
        HasTimestamp = hasTimestamp;
        Id = id;
        Text = text;
    }

    public LiveMessageKind Kind { get; }

    public long Seq { get; }

    /// <summary>The producer's <c>timestamp</c> as UTC ticks, when <see cref="HasTimestamp"/>.</summary>
    public long TimestampTicks { get; }

    public bool HasTimestamp { get; }

    /// <summary>The message <c>id</c> (raw, unescaped JSON string bytes), for acknowledgements.</summary>
    public ReadOnlySpan<byte> Id { get; }

    /// <summary>The <c>message</c> of an error.</summary>
    public ReadOnlySpan<byte> Text { get; }

    /// <summary>The envelope's members of a data message never run longer than this after its record.</summary>
    private const int MaxTailBytes = 512;

    public static LiveMessage Parse(ReadOnlySpan<byte> frame)
    {
        try
        {
            return TryReadTail(frame, out var message) ? message : Read(frame, frame, 0, out _);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>
    /// Reads a data message from the members that follow its record, <c>"timestamp":…,"id":…,"seq":n,
    /// "subscriptionIds":[…]}</c> in both formats, without tokenizing the record: skipping a 5 KB record cost the
    /// load generator two thirds of its CPU at 10,000 sockets, which left the servers it measured short of CPU. The
    /// tail counts only when it reads as one whole object with a seq. Read from a "timestamp" key inside the record it
    /// cannot: the brackets that close the record follow it.
    /// </summary>
    private static bool TryReadTail(ReadOnlySpan<byte> frame, out LiveMessage message)
    {
        message = default;
        var at = frame.LastIndexOf("\"timestamp\":"u8);
        if (at < 1 || frame.Length - at > MaxTailBytes || frame[at - 1] != (byte)',')
        {
            return false;
        }

        Span<byte> tail = stackalloc byte[frame.Length - at + 1];
        tail[0] = (byte)'{';
        frame[at..].CopyTo(tail[1..]);
        try
        {
            message = Read(tail, frame, at - 1, out var whole);
            return whole && message.Kind == LiveMessageKind.Data;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the members of the object in <paramref name="json"/>, whose bytes from offset 1 on are those of
    /// <paramref name="frame"/> from <paramref name="shift"/> + 1 on, so that the spans it answers point into the
    /// frame; <paramref name="whole"/> tells whether the object ends exactly where <paramref name="json"/> does.
    /// </summary>
    private static LiveMessage Read(scoped ReadOnlySpan<byte> json, ReadOnlySpan<byte> frame, int shift, out bool whole)
    {
        whole = false;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        ReadOnlySpan<byte> action = default, id = default, text = default;
        long seq = -1, ticks = 0;
        var hasSeq = false;
        var hasTimestamp = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                hasSeq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out seq);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                hasTimestamp = reader.TokenType == JsonTokenType.String && IsoTimestamp.TryParseUtcTicks(reader.ValueSpan, out ticks);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? InFrame(frame, shift, reader.TokenStartIndex, reader.ValueSpan.Length) : default;
            }
            else if (reader.ValueTextEquals("action"u8))
            {
                reader.Read();
                action = reader.TokenType == JsonTokenType.String ? InFrame(frame, shift, reader.TokenStartIndex, reader.ValueSpan.Length) : default;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                text = reader.TokenType == JsonTokenType.String ? InFrame(frame, shift, reader.TokenStartIndex, reader.ValueSpan.Length) : default;
            }
            else
            {
                // The record under "data" is skipped whole; only the envelope is measured.
                reader.Read();
                reader.Skip();
            }
        }

        whole = reader.TokenType == JsonTokenType.EndObject && reader.BytesConsumed == json.Length;
        return new LiveMessage(KindOf(action, hasSeq), seq, ticks, hasTimestamp, id, text);
    }

    /// <summary>A string token's raw bytes, as they stand in the frame.</summary>
    private static ReadOnlySpan<byte> InFrame(ReadOnlySpan<byte> frame, int shift, long tokenStart, int length) =>
        frame.Slice(shift + (int)tokenStart + 1, length);

    private static LiveMessageKind KindOf(ReadOnlySpan<byte> action, bool hasSeq)
    {
        if (action.IsEmpty)
        {
            return hasSeq ? LiveMessageKind.Data : LiveMessageKind.Other;
        }

        if (action.SequenceEqual("subscribed"u8))
        {
            return LiveMessageKind.Subscribed;
        }

        if (action.SequenceEqual("ping"u8))
        {
            return LiveMessageKind.Ping;
        }

        if (action.SequenceEqual("subscription_error"u8))
        {
            return LiveMessageKind.Refused;
        }

        return action.SequenceEqual("error"u8) ? LiveMessageKind.Error : LiveMessageKind.Other;
    }
}
