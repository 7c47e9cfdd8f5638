using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cereon.Gateway.Parameters;

/// <summary>Parses parameters JSON and gives it the one shape handlers see: an object (protocol.md §2).</summary>
internal static class ParamsJson
{
    // The default depth limit (64) stays. Duplicate keys are refused: JsonNode would otherwise fail on them only when
    // the object is first read, and "which one wins" is not something two clients should disagree about.
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    /// <summary>Reads a query <c>params</c> value, which may have been encoded twice.</summary>
    public static bool TryReadQueryValue(
        string value, [NotNullWhen(true)] out JsonObject? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        if (!TryParse(Encoding.UTF8.GetBytes(value), out var node, out error))
        {
            // Percent-encoding applied twice leaves escapes behind after the server's one decoding.
            if (!value.Contains('%', StringComparison.Ordinal))
            {
                return false;
            }

            if (!ClientText.IsValidPercentEncoded(value))
            {
                error = ClientText.InvalidPercentEncoding;
                return false;
            }

            var utf8 = Encoding.UTF8.GetBytes(value);
            if (!TryParse(WebUtility.UrlDecodeToBytes(utf8, 0, utf8.Length), out node, out _))
            {
                return false;
            }
        }

        // A JSON string holding JSON: the value went through JSON.stringify twice.
        if (TryGetEmbeddedJson(node, out var embedded) && !TryParse(embedded, out node, out error))
        {
            return false;
        }

        return TryNormalize(node, out parameters, out error);
    }

    public static bool TryReadBody(
        ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out JsonObject? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        return TryParse(utf8, out var node, out error) && TryNormalize(node, out parameters, out error);
    }

    /// <summary>Moves every property of <paramref name="over"/> into <paramref name="under"/>, where they win.</summary>
    public static JsonObject Overlay(JsonObject under, JsonObject over)
    {
        var properties = over.ToArray();
        over.Clear();
        foreach (var (name, value) in properties)
        {
            under[name] = value;
        }

        return under;
    }

    /// <summary>
    /// <c>{"params": {...}}</c> and <c>{"params": "&lt;json&gt;"}</c> are unwrapped once, any sibling keys staying
    /// beneath the inner ones; another object is the parameters itself; any other value becomes <c>{"params": value}</c>.
    /// </summary>
    private static bool TryNormalize(
        JsonNode? root, [NotNullWhen(true)] out JsonObject? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        error = null;
        if (root is not JsonObject obj)
        {
            parameters = new JsonObject { [ParamsQuery.ParamsKey] = root };
            return true;
        }

        if (obj.TryGetPropertyValue(ParamsQuery.ParamsKey, out var inner) && TryGetEmbeddedJson(inner, out var embedded))
        {
            if (!TryParse(embedded, out inner, out error))
            {
                return false;
            }

            obj[ParamsQuery.ParamsKey] = inner;
        }

        if (inner is JsonObject innerObject)
        {
            obj.Remove(ParamsQuery.ParamsKey);
            obj = Overlay(obj, innerObject);
        }

        parameters = obj;
        return true;
    }

    /// <summary>A string whose text is a JSON object or array. Other strings ("42", "hello") stay strings.</summary>
    private static bool TryGetEmbeddedJson(JsonNode? node, [NotNullWhen(true)] out byte[]? utf8)
    {
        utf8 = null;
        if (node is JsonValue value
            && value.TryGetValue<string>(out var text)
            && text.AsSpan().TrimStart() is ['{' or '[', ..])
        {
            utf8 = Encoding.UTF8.GetBytes(text);
        }

        return utf8 is not null;
    }

    private static bool TryParse(ReadOnlySpan<byte> utf8, out JsonNode? node, [NotNullWhen(false)] out string? error)
    {
        node = null;
        error = null;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
            ReadEveryString(node);
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON syntax but no valid string (thrown by ReadEveryString).
            error = ClientText.Invalid;
        }

        return false;
    }

    /// <summary>
    /// JsonNode decodes keys and strings lazily. Reading them all here turns bad text into a 400 now rather than an
    /// exception later, when the parameters are written.
    /// </summary>
    private static void ReadEveryString(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    ReadEveryString(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ReadEveryString(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }
}
