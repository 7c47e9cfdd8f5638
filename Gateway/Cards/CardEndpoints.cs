using Cereon.Gateway.Catalog;
using Cereon.Gateway.Security;
using Cereon.Hosting.Errors;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Maps every card of the cluster catalog as its own endpoint (<see cref="CardEndpointDataSource"/>), and a
/// catch-all behind them for paths that name no card.
/// </summary>
internal static class CardEndpoints
{
    public static IEndpointConventionBuilder MapCards(this IEndpointRouteBuilder app)
    {
        app.DataSources.Add(app.ServiceProvider.GetRequiredService<CardEndpointDataSource>());
        return app.MapFallback("/{**path}", ServeUnknownPathAsync);
    }

    /// <summary>
    /// A path no endpoint matched. The catalog is asked again first (at most once a second), so a card deployed on a
    /// new silo is served from its first request; routing learns of it when the endpoints are swapped.
    /// </summary>
    public static async Task ServeUnknownPathAsync(
        HttpContext http, CardCatalogCache catalog, CardAuthorization authorization, CardRequestHandler cards)
    {
        var path = CardPaths.Normalize(http.Request.Path);
        if (await catalog.FindAsync(path, http.RequestAborted) is { } card)
        {
            var methods = CardEndpointFactory.MethodsOf(card);
            if (!methods.Contains(http.Request.Method))
            {
                http.Response.Headers.Allow = string.Join(", ", methods);
                await JsonErrors.WriteAsync(http, StatusCodes.Status405MethodNotAllowed, $"Method {http.Request.Method} not allowed", card.CardId);
            }
            else if (await authorization.AuthorizeAsync(http, card))
            {
                await cards.ServeUnroutedAsync(http, card);
            }

            return;
        }

        await (catalog.Current is null
            ? JsonErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Card catalog not yet available")
            : JsonErrors.WriteAsync(http, StatusCodes.Status404NotFound, "Card not found", CardPaths.LastSegment(path)));
    }
}
