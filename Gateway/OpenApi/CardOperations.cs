using System.Globalization;
using System.Text.Json.Nodes;
using Cereon.Gateway.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
using Microsoft.OpenApi;

namespace Cereon.Gateway.OpenApi;

/// <summary>
/// A card's operations as protocol.md describes them: its methods and parameters (§2), what each transport answers
/// (§4 an array of records, §5 framed records, §6 a WebSocket upgrade), its errors, and the card itself as the
/// <c>x-cereon-card</c> extension.
/// </summary>
internal static class CardOperations
{
    private static readonly Dictionary<string, string> StreamMediaTypes = new(StringComparer.Ordinal)
    {
        [StreamFormats.Ndjson] = "application/x-ndjson",
        [StreamFormats.Sse] = "text/event-stream",
        [StreamFormats.Delimited] = "text/plain",
        [StreamFormats.Json] = "application/json",
    };

    public static OpenApiPathItem PathFor(CardDescriptor card, OpenApiDocument document)
    {
        var path = new OpenApiPathItem();
        foreach (var method in CardEndpointFactory.MethodsOf(card))
        {
            path.AddOperation(HttpMethod.Parse(method), card.Transport == CardTransports.WebSocket
                ? Upgrade(card, document)
                : Read(card, method, document));
        }

        return path;
    }

    private static OpenApiOperation Read(CardDescriptor card, string method, OpenApiDocument document)
    {
        var streaming = card.Transport == CardTransports.StreamingHttp;
        var operation = Operation(card, method.ToLowerInvariant(), document, card.Title ?? card.CardId, streaming
            ? $"Streams {card.Kind} records as they are produced, framed as {card.Streaming.Format} (protocol.md §5)."
            : $"Answers a JSON array of {card.Kind} records (protocol.md §4), with ETag and Cache-Control.");
        operation.Parameters = [ParamsQuery()];
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            operation.RequestBody = ParamsBody();
        }

        operation.Responses = new OpenApiResponses
        {
            ["200"] = streaming ? Stream(card, document) : Records(card, document),
            ["400"] = OpenApiParts.Error("Malformed parameters (protocol.md §2)", document),
            ["413"] = OpenApiParts.Error("Parameters over Cereon:Gateway:MaxParamsBytes", document),
            ["500"] = OpenApiParts.Error("The handler failed, timed out or produced an invalid record", document),
            ["503"] = OpenApiParts.Error("The card cluster is unavailable; retry (Retry-After)", document),
        };
        if (!streaming)
        {
            operation.Responses["304"] = new OpenApiResponse { Description = "If-None-Match matched the current ETag." };
        }

        return WithAccess(card, operation, document);
    }

    private static OpenApiOperation Upgrade(CardDescriptor card, OpenApiDocument document)
    {
        var operation = Operation(card, "subscribe", document, card.Title ?? card.CardId,
            "A WebSocket upgrade; then JSON frames with an `action` (subscribe, unsubscribe, ping, pong, ack) and data "
            + "messages in the `record` format (the card's window, the default) or `envelope` (protocol.md §6).");
        operation.Parameters =
        [
            ParamsQuery(),
            OpenApiParts.Query("topic", Topic(card), "The stream to subscribe to by default (protocol.md §6, Topics)."),
            OpenApiParts.Query("format", new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["record", "envelope"] }, "The data message format; default record."),
            OpenApiParts.Query("subscriptionId", RecordSchemas.Of(JsonSchemaType.String), "The subscription id of subscribes that name none."),
            OpenApiParts.Query("resumeSeq", RecordSchemas.Of(JsonSchemaType.Integer), "Resume after this seq; an anonymous client must send it to resume."),
            OpenApiParts.Query("epoch", RecordSchemas.Of(JsonSchemaType.String), "The epoch resumeSeq belongs to."),
            OpenApiParts.Query("access_token", RecordSchemas.Of(JsonSchemaType.String), "A JWT, since browsers cannot set headers on a WebSocket (protocol.md §7)."),
        ];
        operation.Responses = new OpenApiResponses
        {
            ["101"] = new OpenApiResponse { Description = "Switching Protocols: the WebSocket session." },
            ["400"] = OpenApiParts.Error("Malformed parameters (protocol.md §2)", document),
            ["426"] = OpenApiParts.Error("Not a WebSocket upgrade", document),
            ["503"] = OpenApiParts.Error("The gateway holds its most sockets (Retry-After)", document),
        };
        return WithAccess(card, operation, document);
    }

    internal static OpenApiOperation Operation(CardDescriptor card, string action, OpenApiDocument document, string summary, string description) => new()
    {
        OperationId = $"{card.ReportId}.{card.CardId}.{action}",
        Summary = summary,
        Description = description,
        Tags = new HashSet<OpenApiTagReference> { new(card.ReportId, document) },
        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-cereon-card"] = new JsonNodeExtension(Describe(card)) },
    };

    /// <summary>What a client needs to know about the card beyond HTTP: its identity, transport and their settings.</summary>
    private static JsonObject Describe(CardDescriptor card)
    {
        var described = new JsonObject
        {
            ["reportId"] = card.ReportId,
            ["cardId"] = card.CardId,
            ["kind"] = card.Kind,
            ["transport"] = card.Transport,
            ["access"] = card.Access.RequiresSignIn ? CardAccess.SignedIn : CardAccess.Public,
        };
        if (card.Http.CacheTtl is { } ttl)
        {
            described["cacheTtlSeconds"] = ttl.TotalSeconds;
        }

        if (card.Access.Roles.Count > 0)
        {
            described["roles"] = new JsonArray([.. card.Access.Roles.Select(role => JsonValue.Create(role))]);
        }

        if (card.Transport == CardTransports.StreamingHttp)
        {
            described["format"] = card.Streaming.Format;
            described["packetSize"] = card.Streaming.PacketSize;
            described["errorPolicy"] = card.Streaming.ErrorPolicy;
        }
        else if (card.Transport == CardTransports.WebSocket)
        {
            described["topics"] = new JsonArray([.. card.Live.Topics.Select(topic => JsonValue.Create(topic))]);
            described["openTopics"] = card.Live.OpenTopics;
            described["ackPolicy"] = card.Live.AckPolicy;
            described["acceptsClientMessages"] = card.Live.AcceptsClientMessages;
            if (card.Live.Heartbeat is { } heartbeat)
            {
                described["heartbeatMs"] = (long)heartbeat.TotalMilliseconds;
            }
        }

        return described;
    }

    private static OpenApiOperation WithAccess(CardDescriptor card, OpenApiOperation operation, OpenApiDocument document)
    {
        if (card.Access.RequiresSignIn)
        {
            operation.Security = [OpenApiParts.Bearer(document)];
            operation.Responses!["401"] = OpenApiParts.Error("Authentication required, token expired, or invalid token", document);
            operation.Responses["403"] = OpenApiParts.Error("The caller lacks the card's role or claims", document);
        }

        return operation;
    }

    private static OpenApiSchema Topic(CardDescriptor card)
    {
        var topic = RecordSchemas.Of(JsonSchemaType.String);
        if (!card.Live.OpenTopics)
        {
            IEnumerable<string> names = card.Live.Topics.Count == 0 ? [card.CardId, LiveCardKeys.DefaultTopic] : card.Live.Topics;
            topic.Enum = [.. names.Select(name => (JsonNode)name)];
        }

        return topic;
    }

    private static OpenApiParameter ParamsQuery() => OpenApiParts.Query(
        "params",
        new OpenApiSchema { Type = JsonSchemaType.String, ContentMediaType = "application/json" },
        "The card's parameters as URL-encoded JSON; without it, the other query keys are the parameters (protocol.md §2).");

    private static OpenApiRequestBody ParamsBody() => new()
    {
        Description = "{\"params\": \"<JSON>\"}, {\"params\": {...}}, or the parameters object itself; a form is a flat object (protocol.md §2).",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
            ["application/x-www-form-urlencoded"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
        },
    };

    private static OpenApiResponse Records(CardDescriptor card, OpenApiDocument document) => new()
    {
        Description = "The card's records, flattened (protocol.md §3).",
        Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["ETag"] = new OpenApiHeader { Description = "A strong tag of the body's bytes.", Schema = RecordSchemas.Of(JsonSchemaType.String) },
            ["Cache-Control"] = new OpenApiHeader { Description = "public or private, max-age the grain keeps the result, or no-cache.", Schema = RecordSchemas.Of(JsonSchemaType.String) },
        },
        Content = OpenApiParts.Json(RecordSchemas.ArrayOf(RecordSchemas.For(card.Kind, document))),
    };

    private static OpenApiResponse Stream(CardDescriptor card, OpenApiDocument document)
    {
        var record = RecordSchemas.For(card.Kind, document);
        var mediaType = StreamMediaTypes.GetValueOrDefault(card.Streaming.Format, StreamMediaTypes[StreamFormats.Ndjson]);
        IOpenApiSchema schema = card.Streaming.Format switch
        {
            StreamFormats.Json => RecordSchemas.ArrayOf(record),
            StreamFormats.Ndjson => record,
            _ => new OpenApiSchema { Type = JsonSchemaType.String, Description = string.Create(CultureInfo.InvariantCulture, $"{card.Streaming.Format} frames around each record") },
        };
        return new OpenApiResponse
        {
            Description = $"Records as they are produced, {card.Streaming.Format} framing (protocol.md §5).",
            Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
        };
    }
}
