using Cereon.Gateway.Errors;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
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
        if (catalog.Current is not { } current)
        {
            return TypedResults.Json(
                new ErrorBody("Card catalog not yet available", null, GatewayErrors.TraceIdOf(http)),
                GatewayJsonContext.Default.ErrorBody,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Only the cards this caller may use: the others' existence is not its business.
        var visible = new List<CardDescriptor>(current.Cards.Count);
        foreach (var card in current.Cards)
        {
            if (await authorization.DecideAsync(http.User, card) == CardAccessDecision.Allowed)
            {
                visible.Add(card);
            }
        }

        return TypedResults.Json(Describe(visible, http.Request), GatewayJsonContext.Default.ReportsResponse);
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
                card.Transport == CardTransports.WebSocket ? ["GET"] : card.Methods,
                card.Transport == CardTransports.StreamingHttp ? card.StreamFormat : null))]))
            .ToList();
        return new ReportsResponse(reports);
    }
}
