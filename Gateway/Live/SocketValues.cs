using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cereon.Gateway.Live;

/// <summary>Reads loosely typed values from client messages: the front end sends seqs as numbers or strings.</summary>
internal static class SocketValues
{
    public static long? Seq(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var real) && real % 1 == 0 => (long)real,
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Like <see cref="Text"/>, but null for a string that is not valid Unicode, instead of throwing.</summary>
    public static string? ValidText(JsonNode? node)
    {
        try
        {
            return Text(node);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The frame as a JSON object, or null when it is not one (or its member names cannot be read).</summary>
    public static JsonObject? ObjectOrNull(ReadOnlySpan<byte> frame)
    {
        try
        {
            if (JsonNode.Parse(frame) is not JsonObject message)
            {
                return null;
            }

            // Reading the members surfaces duplicate or unreadable names here rather than at first use.
            _ = message.Count;
            return message;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The seq of a message id <c>{epoch}-{seq}</c>, with its epoch.</summary>
    public static (string Epoch, long Seq)? ParseMessageId(string? id)
    {
        var dash = id?.LastIndexOf('-') ?? -1;
        return dash > 0 && long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? (id![..dash], seq)
            : null;
    }
}
