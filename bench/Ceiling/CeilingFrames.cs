using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cereon.Bench.Ceiling;

/// <summary>
/// The JSON text frames of protocol.md §6 as the ceiling server writes them. Data messages are in the default
/// <c>record</c> format with a window of <see cref="WindowPoints"/> points, the shape and about the size of what the
/// showcase ticker sends with its default window, so both servers move about as many bytes.
/// </summary>
internal static class CeilingFrames
{
    /// <summary>The points each data message carries: a live card's default window.</summary>
    public const int WindowPoints = 100;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A data message up to its subscription list, built once per tick and shared by every socket.</summary>
    public static byte[] DataHead(string epoch, long seq, DateTimeOffset now, IEnumerable<(DateTimeOffset At, double Value)> window) => Write(writer =>
    {
        var stamp = Iso(now);
        writer.WriteString("kind", "line");
        writer.WriteString("cardId", "ceiling_ticker");
        writer.WriteString("reportId", "bench");
        writer.WriteString("meta", $$"""{"startedAt":"{{stamp}}","finishedAt":"{{stamp}}","elapsedMs":0}""");
        writer.WriteStartArray("data");
        foreach (var (at, value) in window)
        {
            writer.WriteStartObject();
            writer.WriteString("date", Iso(at));
            writer.WriteNumber("value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("timestamp", stamp);
        writer.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{epoch}-{seq}"));
        writer.WriteNumber("seq", seq);
        writer.WriteStartArray("subscriptionIds");
    }, close: false);

    /// <summary>The closing <c>"id"]}</c> of a data message for one subscription.</summary>
    public static byte[] DataTail(string subscriptionId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStringValue(subscriptionId);
        }

        return [.. buffer.WrittenSpan, .. "]}"u8];
    }

    public static byte[] Subscribed(string subscriptionId, string topic, string epoch, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", "subscribed");
        writer.WriteString("subscriptionId", subscriptionId);
        writer.WriteString("topic", topic);
        writer.WriteString("timestamp", Iso(now));
        writer.WriteString("epoch", epoch);
        writer.WriteBoolean("recovered", false);
    });

    public static byte[] Unsubscribed(string subscriptionId, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", "unsubscribed");
        writer.WriteString("subscriptionId", subscriptionId);
        writer.WriteString("timestamp", Iso(now));
    });

    public static byte[] Action(string action, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", action);
        writer.WriteString("timestamp", Iso(now));
    });

    public static byte[] Error(string message, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", "error");
        writer.WriteString("message", message);
        writer.WriteString("timestamp", Iso(now));
    });

    /// <summary>Writes one object; <paramref name="close"/> false leaves it open for a tail appended later.</summary>
    private static byte[] Write(Action<Utf8JsonWriter> members, bool close = true)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            members(writer);
            if (close)
            {
                writer.WriteEndObject();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
