using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Live;

/// <summary>
/// A card stream's window (protocol.md §6, <c>record</c> format), kept once in its grain: the recent points of chart
/// records' <c>data</c>, table records' <c>rows</c>, or number records' values, and each message's record rewritten
/// to carry them, so that the stock front end, which replaces a card's records by any record with such an array,
/// always shows the whole window.
/// </summary>
internal sealed class LiveWindowBuffer(LiveWindow window)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // What a data message adds beside the record; a record's own member of the same name would be sent twice.
    private static readonly string[] Reserved = ["timestamp", "subscriptionIds", "id", "seq"];

    private readonly Queue<Point> _points = new();
    private int _pointBytes;

    /// <summary>Takes in the next stored record, made at <paramref name="at"/>, and answers it as the record format sends it.</summary>
    public byte[] Add(byte[] record, DateTimeOffset at)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        var array = window.IsNone ? null : WindowedArray(root);
        if (array is null)
        {
            return HasReserved(root) ? Rewrite(root, record.Length, null, false) : record;
        }

        var isNumber = array == "value";
        if (isNumber)
        {
            Enqueue(NumberPoint(root.GetProperty("value"), at), at);
        }
        else
        {
            foreach (var item in root.GetProperty(array).EnumerateArray())
            {
                Enqueue(JsonMarshal.GetRawUtf8Value(item).ToArray(), at);
            }
        }

        Trim(at);
        return Rewrite(root, record.Length + _pointBytes + _points.Count, isNumber ? "data" : array, isNumber);
    }

    /// <summary>The array a record's window fills: <c>data</c> of a chart, <c>rows</c> of a table, or <c>value</c> for a number.</summary>
    private static string? WindowedArray(JsonElement record)
    {
        var kind = record.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (kind == CardKinds.Number)
        {
            return record.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? "value" : null;
        }

        var name = kind == CardKinds.Table ? "rows" : "data";
        return record.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? name : null;
    }

    private static byte[] NumberPoint(JsonElement value, DateTimeOffset at)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", WireTime.Format(at));
            writer.WritePropertyName("value");
            value.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool HasReserved(JsonElement record)
    {
        foreach (var name in Reserved)
        {
            if (record.TryGetProperty(name, out _))
            {
                return true;
            }
        }

        return false;
    }

    private void Enqueue(byte[] point, DateTimeOffset at)
    {
        _points.Enqueue(new Point(at, point));
        _pointBytes += point.Length;
    }

    private void Trim(DateTimeOffset now)
    {
        var oldest = window.Age is { } age ? now - age : DateTimeOffset.MinValue;
        while (_points.Count > 0 && (_points.Count > (window.Points ?? int.MaxValue) || _points.Peek().At < oldest))
        {
            _pointBytes -= _points.Dequeue().Json.Length;
        }
    }

    /// <summary>
    /// The record without reserved members, its <paramref name="array"/> holding the window (written where the record
    /// had it, or last for a number card's <c>data</c>).
    /// </summary>
    private byte[] Rewrite(JsonElement record, int sizeHint, string? array, bool appendArray)
    {
        var buffer = new ArrayBufferWriter<byte>(sizeHint + 16);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var member in record.EnumerateObject())
            {
                if (Array.IndexOf(Reserved, member.Name) >= 0)
                {
                    continue;
                }

                if (array is not null && member.NameEquals(array))
                {
                    if (!appendArray)
                    {
                        WriteWindow(writer, array);
                    }

                    continue;
                }

                member.WriteTo(writer);
            }

            if (appendArray)
            {
                WriteWindow(writer, array!);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteWindow(Utf8JsonWriter writer, string name)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var point in _points)
        {
            writer.WriteRawValue(point.Json, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    private readonly record struct Point(DateTimeOffset At, byte[] Json);
}
