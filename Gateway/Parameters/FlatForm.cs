using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Cereon.Gateway.Parameters;

/// <summary>
/// Name/value pairs as one flat object: a name given once is a string, given several times an array of strings.
/// </summary>
internal static class FlatForm
{
    public static JsonObject FromUrlEncoded(string text)
    {
        var fields = new JsonObject();
        foreach (var pair in new QueryStringEnumerable(text))
        {
            Add(fields, pair.DecodeName().ToString(), pair.DecodeValue().ToString());
        }

        return fields;
    }

    public static void Add(JsonObject fields, string name, string value)
    {
        if (name.Length == 0)
        {
            return;
        }

        if (!fields.TryGetPropertyValue(name, out var existing))
        {
            fields[name] = value;
        }
        else if (existing is JsonArray values)
        {
            values.Add(value);
        }
        else
        {
            fields[name] = new JsonArray(existing!.GetValue<string>(), value);
        }
    }
}
