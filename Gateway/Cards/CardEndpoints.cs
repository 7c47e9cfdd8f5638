using Cereon.Gateway.Errors;
using Cereon.Gateway.Hosting;
using Cereon.Gateway.Catalog;
using Cereon.Gateway.Live;
using Cereon.Gateway.Parameters;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Serves every card at <c>{prefix}/{cardId}</c>. Routes come from the cluster's catalog at request time, so the
/// endpoint is one catch-all that looks the path up rather than one endpoint per card.
/// </summary>
internal static class CardEndpoints
{
    public static RouteGroupBuilder MapCards(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(string.Empty);
        group.Map("/{**path}", ServeAsync);
        return group;
    }

    public static async Task ServeAsync(
        HttpContext http,
        CardCatalogCache catalog,
        HttpCardResponder httpResponder,
        StreamingCardResponder streamingResponder,
        LiveSocketServices liveSockets,
        CardAuthorization authorization,
        AdminAccess admin,
        IOptions<GatewayOptions> options)
    {
        var path = CardPaths.Normalize(http.Request.Path);
        var card = await catalog.FindAsync(path, http.RequestAborted);
        if (card is null && path.EndsWith(PublishEndpoint.Suffix, StringComparison.Ordinal) && options.Value.EnablePublish
            && await catalog.FindAsync(path[..^PublishEndpoint.Suffix.Length], http.RequestAborted) is { Transport: CardTransports.WebSocket } live)
        {
            if (await admin.AuthorizeAsync(http))
            {
                await PublishEndpoint.ServeAsync(http, live, liveSockets, options.Value);
            }

            return;
        }

        if (card is null)
        {
            await (catalog.Current is null
                ? GatewayErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Card catalog not yet available")
                : GatewayErrors.WriteAsync(http, StatusCodes.Status404NotFound, "Card not found", CardPaths.LastSegment(path)));
            return;
        }

        // The catch-all's route template says nothing; the card's route labels the request's metrics (bounded: from
        // the catalog, never the raw path or parameters).
        http.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new("card", card.Route));
        if (card.Transport != CardTransports.WebSocket && !card.Methods.Contains(http.Request.Method))
        {
            http.Response.Headers.Allow = string.Join(", ", card.Methods);
            await GatewayErrors.WriteAsync(
                http, StatusCodes.Status405MethodNotAllowed, $"Method {http.Request.Method} not allowed", card.CardId);
            return;
        }

        // Before anything else is read or upgraded: an unauthorised caller gets its 401/403 and nothing more.
        if (!await authorization.AuthorizeAsync(http, card))
        {
            return;
        }

        if (card.Transport == CardTransports.WebSocket)
        {
            await LiveSocketEndpoint.ServeAsync(http, card, liveSockets, options);
            return;
        }

        var decoded = await CardParameterDecoder.DecodeAsync(http.Request, options.Value.MaxParamsBytes, http.RequestAborted);
        if (decoded.Params is null)
        {
            await GatewayErrors.WriteAsync(http, decoded.StatusCode, decoded.Error ?? "Invalid parameters", card.CardId);
            return;
        }

        var canonicalParams = CanonicalJson.Write(decoded.Params);
        await (card.Transport == CardTransports.StreamingHttp
            ? streamingResponder.RespondAsync(http, card, canonicalParams)
            : httpResponder.RespondAsync(http, card, canonicalParams));
    }
}
