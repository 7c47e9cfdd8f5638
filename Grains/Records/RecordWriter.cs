using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>Flattens typed records into their wire form (protocol.md §3) and validates them.</summary>
internal static class RecordWriter
{
    /// <summary>The flattened record, or the reason it is invalid.</summary>
    public static (JsonObject? Wire, string? Error) Flatten(CardRecord record, CardDescriptor card, JsonObject? timing)
    {
        JsonObject wire;
        try
        {
            wire = new JsonObject
            {
                ["kind"] = record.LiteralKind ?? card.Kind,
                ["cardId"] = card.CardId,
                ["reportId"] = card.ReportId,
                ["meta"] = MergeMeta(record.Meta, timing),
            };
            record.WriteData(wire);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            // Handler data that System.Text.Json cannot represent (NaN, cycles, unsupported types) is an invalid record.
            return (null, $"record data cannot be serialised: {ex.Message}");
        }

        if (record is ChartRecord && !CardKinds.IsChart(card.Kind))
        {
            return (null, $"chart record on a '{card.Kind}' card");
        }

        var error = RecordShape.Validate(wire, card.Kind);
        return error is null ? (wire, null) : (null, error);
    }

    // Records are served as application/json, never embedded in HTML, so quotes inside the meta string can stay
    // readable (\" rather than \u0022) and markup in html cards need not be escaped.
    internal static readonly JsonWriterOptions WireOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serialises flattened records as one JSON array.</summary>
    public static byte[] ToJsonArray(IEnumerable<JsonObject> records) => Write(records, static (writer, records) =>
    {
        writer.WriteStartArray();
        foreach (var record in records)
        {
            record.WriteTo(writer);
        }

        writer.WriteEndArray();
    });

    /// <summary>Serialises one flattened record.</summary>
    public static byte[] ToJson(JsonObject record) => Write(record, static (writer, record) => record.WriteTo(writer));

    private static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WireOptions))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? MergeMeta(JsonObject? meta, JsonObject? timing)
    {
        if (meta is null && timing is null)
        {
            return null;
        }

        var merged = new JsonObject();
        foreach (var (key, value) in timing ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        foreach (var (key, value) in meta ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        return merged.ToJsonString();
    }
}
