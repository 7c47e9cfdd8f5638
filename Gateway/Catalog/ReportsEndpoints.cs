using Cereon.Gateway.Errors;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cereon.Gateway.Catalog;

/// <summary><c>GET /api/reports</c>: the cluster's reports and cards.</summary>
internal static class ReportsEndpoints
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports");
        group.MapGet("", GetReports);
        return group;
    }

    public static async Task<Results<JsonHttpResult<ReportsResponse>, JsonHttpResult<ErrorBody>>> GetReports(
        HttpContext http, CardCatalogCache catalog, CardAuthorization authorization)
    {
        return catalog.Current is { } current
            ? TypedResults.Json(Describe(await VisibleAsync(current, http, authorization), http.Request), GatewayJsonContext.Default.ReportsResponse)
            : CatalogUnavailable(http);
    }

    /// <summary>The 503 answered while the gateway has not read the cluster's catalog yet.</summary>
    internal static JsonHttpResult<ErrorBody> CatalogUnavailable(HttpContext http) => TypedResults.Json(
        new ErrorBody("Card catalog not yet available", null, JsonErrors.TraceIdOf(http)),
        GatewayJsonContext.Default.ErrorBody,
        statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Only the cards this caller may use: the others' existence is not its business.</summary>
    internal static async Task<IReadOnlyList<CardDescriptor>> VisibleAsync(CardCatalog catalog, HttpContext http, CardAuthorization authorization)
    {
        var visible = new List<CardDescriptor>(catalog.Cards.Count);
        foreach (var card in catalog.Cards)
        {
            if (await authorization.DecideAsync(http.User, card) == CardAccessDecision.Allowed)
            {
                visible.Add(card);
            }
        }

        return visible;
    }

    internal static ReportsResponse Describe(IReadOnlyList<CardDescriptor> cards, HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        var socketOrigin = $"{(request.IsHttps ? "wss" : "ws")}://{request.Host}";
        var reports = cards
            .GroupBy(c => c.ReportId, StringComparer.Ordinal)
            .Select(report => new ReportEntry(report.Key, [.. report.Select(card => new CardEntry(
                card.CardId,
                card.Title,
                card.Kind,
                card.Transport,
                card.Route,
                (card.Transport == CardTransports.WebSocket ? socketOrigin : origin) + card.Route,
                card.Transport == CardTransports.WebSocket ? ["GET"] : card.Http.Methods,
                card.Transport == CardTransports.StreamingHttp ? card.Streaming.Format : null))]))
            .ToList();
        return new ReportsResponse(reports);
    }
}
