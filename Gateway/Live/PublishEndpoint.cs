using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Gateway.Cards;
using Cereon.Gateway.Errors;
using Cereon.Gateway.Hosting;
using Cereon.Gateway.Parameters;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Hosting.Errors;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

/// <summary>
/// <c>POST {prefix}/{cardId}/publish</c>: puts a record into a live card's stream with the next seq (the old SDK's
/// <c>broadcast_to_card</c>). The body is the flattened record itself, or <c>{"record", "topic"?, "params"?}</c> to
/// reach a stream other than the default topic with no parameters. The topic follows <see cref="LiveTopics"/>: the card
/// id names the default topic, as it does for subscribers. Answered once the record is stored.
/// </summary>
internal static partial class PublishEndpoint
{
    public const string Suffix = "/publish";

    private const string UnsupportedMediaType = "The body must be JSON, sent with Content-Type: application/json";

    private static readonly JsonObject TooLarge = [];
    private static readonly JsonObject InvalidText = [];

    public static async Task ServeAsync(HttpContext http, CardDescriptor card, LiveSocketServices live, GatewayOptions options)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            await JsonErrors.WriteAsync(http, StatusCodes.Status405MethodNotAllowed, $"Method {http.Request.Method} not allowed", card.CardId);
            return;
        }

        // By hand, with ASP.NET Core's own test for a JSON body (what minimal APIs answer 415 by): endpoint metadata
        // (AcceptsMetadata) would only make routing skip this endpoint for the catch-all, which answers 404.
        if (!http.Request.HasJsonContentType())
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType, card.CardId);
            return;
        }

        if (card.Access.DependsOnCaller)
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status400BadRequest, "This card's streams are per caller; publishing into them is not supported", card.CardId);
            return;
        }

        var body = await BoundedBody.ReadAsync<JsonNode?>(http.Request, options.MaxParamsBytes, Parse, TooLarge, http.RequestAborted);
        if (ReferenceEquals(body, TooLarge))
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, $"Records are limited to {options.MaxParamsBytes} bytes", card.CardId);
            return;
        }

        if (ReferenceEquals(body, InvalidText))
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status400BadRequest, ClientText.Invalid, card.CardId);
            return;
        }

        if (body is not JsonObject envelope)
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status400BadRequest, "The body must be a valid JSON object: a record, or {\"record\", \"topic\", \"params\"}", card.CardId);
            return;
        }

        var (record, topic, parameters) = envelope["record"] is JsonObject inner
            ? (inner, SocketValues.Text(envelope["topic"]), envelope["params"] as JsonObject ?? [])
            : (envelope, null, []);
        if (LiveTopics.Resolve(card, topic) is not { } stream)
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status400BadRequest, $"Unknown topic '{topic}'", card.CardId);
            return;
        }

        var paramsJson = CanonicalJson.Write(parameters);
        var grain = live.Grains.GetGrain<ILiveCardGrain>(LiveCardKeys.For(card.Route, stream, paramsJson));
        PublishResult result;
        try
        {
            // At least once: a silo that dies after storing but before answering makes the retry store it again.
            result = await ClusterRetry.Pipeline.ExecuteAsync(
                static (state, _) => new ValueTask<PublishResult>(state.grain.PublishAsync(state.json, state.paramsJson)),
                (grain, json: record.ToJsonString(), paramsJson),
                http.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogClusterUnavailable(live.Logger, card.Route, ex);
            http.Response.Headers.RetryAfter = "1";
            await JsonErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Card cluster unavailable; the record was not stored", card.CardId);
            return;
        }

        if (result is { Transient: true, Error: { } notStored })
        {
            http.Response.Headers.RetryAfter = "1";
            await JsonErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, notStored, card.CardId);
            return;
        }

        if (result.Error is { } refused)
        {
            await JsonErrors.WriteAsync(http, StatusCodes.Status400BadRequest, $"Invalid record: {refused}", card.CardId);
            return;
        }

        await http.Response.WriteAsJsonAsync(
            new PublishAnswer(result.Seq, result.Id!, result.Epoch!), GatewayJsonContext.Default.PublishAnswer, cancellationToken: http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing into {Route} failed in the cluster")]
    private static partial void LogClusterUnavailable(ILogger logger, string route, Exception exception);

    private static JsonNode? Parse(ReadOnlySpan<byte> body)
    {
        if (!ClientText.IsValid(body))
        {
            return InvalidText;
        }

        try
        {
            var node = JsonNode.Parse(body);

            // Reading the members here surfaces duplicate keys now, as bad input, rather than later as a crash.
            _ = (node as JsonObject)?.Count;
            return node;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
    }
}
