using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// Golden files of wire JSON taken from a running gateway. What differs from run to run is replaced by a placeholder
/// naming it, in one place: the clock and trace members (<c>timestamp</c>, <c>epoch</c>, <c>traceId</c> and the
/// handler timing <c>startedAt</c>, <c>finishedAt</c>, <c>elapsedMs</c>) wherever they appear, also inside a record's
/// <c>meta</c>, which travels as JSON text; and <c>id</c> (a data message's id, made of the epoch) on the top-level
/// object only, since a record's rows may carry ids of their own. Everything else, member order included, is compared
/// as sent.
/// </summary>
public static class GoldenJson
{
    private static readonly string[] VolatileEverywhere = ["timestamp", "epoch", "traceId", "startedAt", "finishedAt", "elapsedMs"];
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Fails unless <paramref name="json"/>, normalised, equals <c>&lt;folder&gt;/Golden/&lt;name&gt;.json</c>.</summary>
    public static void AssertMatches(string folder, string name, string json)
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, folder, "Golden", name + ".json")).Trim();
        Assert.Equal(expected, Normalise(json));
    }

    public static string Normalise(string json)
    {
        var node = JsonNode.Parse(json)!;
        if (node is JsonObject message && message.ContainsKey("id"))
        {
            message["id"] = "<id>";
        }

        Replace(node);
        return node.ToJsonString(Compact);
    }

    private static void Replace(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in VolatileEverywhere.Where(obj.ContainsKey))
                {
                    obj[name] = $"<{name}>";
                }

                if (obj["meta"] is JsonValue meta && meta.TryGetValue<string>(out var text) && JsonNode.Parse(text) is JsonObject parsed)
                {
                    Replace(parsed);
                    obj["meta"] = parsed.ToJsonString(Compact);
                }

                foreach (var (_, value) in obj)
                {
                    Replace(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Replace(item);
                }

                break;
        }
    }
}
