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

    /// <summary>The seq of a message id <c>{epoch}-{seq}</c>, with its epoch.</summary>
    public static (string Epoch, long Seq)? ParseMessageId(string? id)
    {
        var dash = id?.LastIndexOf('-') ?? -1;
        return dash > 0 && long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? (id![..dash], seq)
            : null;
    }
}
