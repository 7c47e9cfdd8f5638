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

    public static LiveMessage Parse(ReadOnlySpan<byte> frame)
    {
        try
        {
            return Read(frame);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static LiveMessage Read(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
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
                id = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
            }
            else if (reader.ValueTextEquals("action"u8))
            {
                reader.Read();
                action = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                text = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
            }
            else
            {
                // The record under "data" is skipped whole; only the envelope is measured.
                reader.Read();
                reader.Skip();
            }
        }

        return new LiveMessage(KindOf(action, hasSeq), seq, ticks, hasTimestamp, id, text);
    }

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
