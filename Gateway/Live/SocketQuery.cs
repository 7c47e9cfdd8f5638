using System.Globalization;
using System.Text.Json.Nodes;
using Cereon.Gateway.Parameters;

namespace Cereon.Gateway.Live;

/// <summary>
/// The upgrade URL's query (protocol.md §2, WebSocket): the card parameters, and the connection keys the stock
/// front end sends (numbers coerced, <c>headers.*</c> collected), kept apart so they never split the producer.
/// </summary>
internal sealed record SocketQuery(JsonObject CardParams, JsonObject Connection)
{
    private static readonly string[] ConnectionKeys =
        ["topic", "format", "subscriptionId", "resumeSeq", "ackPolicy", "compression", "protocols", "reconnectDelay", "maxReconnectAttempts", "heartbeatInterval", "epoch", "access_token"];

    private static readonly string[] NumericKeys = ["resumeSeq", "reconnectDelay", "maxReconnectAttempts", "heartbeatInterval"];

    public string? Topic => Text("topic");

    public string? SubscriptionId => Text("subscriptionId");

    public string? Epoch => Text("epoch");

    /// <summary>The data message format for subscriptions that name none (protocol.md §6).</summary>
    public string? Format => Text("format");

    public long? ResumeSeq => SocketValues.Seq(Connection["resumeSeq"]);

    public static (SocketQuery? Query, ParameterDecodeResult Failure) Parse(string? queryString, int maxBytes)
    {
        var decoded = CardParameterDecoder.DecodeQuery(queryString, maxBytes);
        if (decoded.Params is not { } all)
        {
            return (null, decoded);
        }

        var connection = new JsonObject();
        var headers = new JsonObject();
        foreach (var (key, value) in all.ToList())
        {
            if (key.StartsWith("headers.", StringComparison.Ordinal))
            {
                all.Remove(key);
                headers[key["headers.".Length..]] = value;
            }
            else if (ConnectionKeys.Contains(key))
            {
                all.Remove(key);
                connection[key] = NumericKeys.Contains(key) ? Coerce(value) : value;
            }
        }

        if (headers.Count > 0)
        {
            connection["headers"] = headers;
        }

        return (new SocketQuery(all, connection), decoded);
    }

    private string? Text(string key) => SocketValues.Text(Connection[key]);

    private static JsonNode? Coerce(JsonNode? value)
    {
        if (SocketValues.Text(value) is not { } text)
        {
            return value;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : value;
    }
}
