using Cereon.Gateway.Hosting;
using Cereon.Gateway.Live;
using Cereon.Gateway.Parameters;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Serves a request that routing matched to a card: decodes its parameters (protocol.md §2) and hands it to the
/// card's transport. Method and access checks happened before it (routing, the authorization middleware).
/// </summary>
internal sealed class CardRequestHandler(
    HttpCardResponder httpResponder,
    StreamingCardResponder streamingResponder,
    LiveSocketServices liveSockets,
    IOptions<GatewayOptions> options)
{
    /// <summary>The canonical form of "no parameters": what most requests for a dashboard card carry.</summary>
    private const string NoParams = "{}";

    public RequestDelegate For(CardDescriptor card) => card.Transport switch
    {
        CardTransports.WebSocket => http => LiveSocketEndpoint.ServeAsync(http, card, liveSockets, options),
        CardTransports.StreamingHttp => http => ServeAsync(http, card, streaming: true),
        _ => http => ServeAsync(http, card, streaming: false),
    };

    /// <summary>
    /// Serves <paramref name="card"/> without the card's endpoint: for the request that found a card the catalog had
    /// only just learnt of, before the endpoints were rebuilt.
    /// </summary>
    public Task ServeUnroutedAsync(HttpContext http, CardDescriptor card) => For(card)(http);

    private async Task ServeAsync(HttpContext http, CardDescriptor card, bool streaming)
    {
        string canonicalParams;
        if (http.Request.QueryString.HasValue || CarriesBody(http.Request))
        {
            var decoded = await CardParameterDecoder.DecodeAsync(http.Request, options.Value.MaxParamsBytes, http.RequestAborted);
            if (decoded.Params is null)
            {
                await JsonErrors.WriteAsync(http, decoded.StatusCode, decoded.Error ?? "Invalid parameters", card.CardId);
                return;
            }

            canonicalParams = CanonicalJson.Write(decoded.Params);
        }
        else
        {
            canonicalParams = NoParams;
        }

        await (streaming
            ? streamingResponder.RespondAsync(http, card, canonicalParams)
            : httpResponder.RespondAsync(http, card, canonicalParams));
    }

    private static bool CarriesBody(HttpRequest request) =>
        request.ContentLength is not 0 && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
}
