using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>
/// Validates a flattened record against protocol.md §3. Works on the wire form, so typed records from
/// handlers and raw JSON published into live cards pass through the same rules.
/// </summary>
public static class RecordShape
{
    private static readonly string[] Trends = ["up", "down", "neutral"];

    /// <summary>Returns null for a valid record, else a message naming the first violation.</summary>
    public static string? Validate(JsonObject wire, string cardKind)
    {
        if (wire["kind"] is not JsonValue kind || kind.GetValueKind() != JsonValueKind.String)
        {
            return "record has no 'kind'";
        }

        var literal = kind.GetValue<string>();
        if (!string.Equals(literal, cardKind, StringComparison.Ordinal))
        {
            return $"record kind '{literal}' does not match card kind '{cardKind}'";
        }

        if (wire["meta"] is { } meta && meta.GetValueKind() != JsonValueKind.String)
        {
            return "'meta' must be a JSON-encoded string or null";
        }

        return cardKind switch
        {
            CardKinds.Number => ValidateNumber(wire),
            CardKinds.Table => ValidateTable(wire),
            CardKinds.Markdown or CardKinds.Html => Optional(wire, "content", JsonValueKind.String),
            CardKinds.Iframe => ValidateIframe(wire),
            _ => ArrayOfObjects(wire, "data"),
        };
    }

    private static string? ValidateNumber(JsonObject wire)
    {
        if (!IsFiniteNumber(wire["value"]))
        {
            return "number record requires a finite numeric 'value'";
        }

        foreach (var field in (string[])["previousValue", "trendPercentage"])
        {
            if (wire[field] is { } value && !IsFiniteNumber(value))
            {
                return $"'{field}' must be a finite number or null";
            }
        }

        if (wire["trend"] is { } trend
            && (trend.GetValueKind() != JsonValueKind.String || !Trends.Contains(trend.GetValue<string>())))
        {
            return "'trend' must be 'up', 'down' or 'neutral'";
        }

        return Optional(wire, "label", JsonValueKind.String);
    }

    private static string? ValidateTable(JsonObject wire)
    {
        if (ArrayOfObjects(wire, "rows") is { } rowsError)
        {
            return rowsError;
        }

        if (wire["columns"] is not JsonArray columns
            || columns.Any(c => c is null || c.GetValueKind() != JsonValueKind.String))
        {
            return "table record requires 'columns' as an array of strings";
        }

        return Optional(wire, "totalCount", JsonValueKind.Number);
    }

    private static string? ValidateIframe(JsonObject wire)
    {
        if (wire["url"] is not JsonValue url || url.GetValueKind() != JsonValueKind.String
            || string.IsNullOrWhiteSpace(url.GetValue<string>()))
        {
            return "iframe record requires a non-empty 'url'";
        }

        foreach (var field in (string[])["width", "height"])
        {
            if (wire[field] is { } size && size.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return $"'{field}' must be a string, a number or null";
            }
        }

        return Optional(wire, "title", JsonValueKind.String);
    }

    private static string? ArrayOfObjects(JsonObject wire, string field) =>
        wire[field] is JsonArray items && items.All(item => item is JsonObject)
            ? null
            : $"record requires '{field}' as an array of objects";

    private static string? Optional(JsonObject wire, string field, JsonValueKind expected) =>
        wire[field] is { } value && value.GetValueKind() != expected
            ? $"'{field}' must be a {expected.ToString().ToLowerInvariant()} or null"
            : null;

    private static bool IsFiniteNumber(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        && value.TryGetValue<double>(out var number) && double.IsFinite(number);
}
