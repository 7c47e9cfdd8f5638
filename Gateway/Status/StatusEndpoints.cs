using Cereon.Gateway.Catalog;
using Cereon.Gateway.Errors;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Usage;
using Cereon.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cereon.Gateway.Status;

/// <summary>
/// <c>GET /</c>: a status page for people (reports, cards, transports, live viewers, cache hit rates, links to try
/// each card); <c>GET /api/status</c>: the same as JSON, which the page polls. Usage comes from the cluster's usage
/// grain, one grain call per request, so a page open in a browser costs the cluster one call every few seconds.
/// </summary>
internal static partial class StatusEndpoints
{
    public static RouteGroupBuilder MapCereonStatus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(string.Empty);
        group.MapGet("/", GetPageAsync);
        group.MapGet("/api/status", GetStatusAsync);
        return group;
    }

    public static async Task<Results<ContentHttpResult, JsonHttpResult<ErrorBody>>> GetPageAsync(
        HttpContext http, CardCatalogCache catalog, CardAuthorization authorization, IGrainFactory grains, ILogger<StatusResponse> logger)
    {
        if (await DescribeAsync(http, catalog, authorization, grains, logger) is not { } status)
        {
            return ReportsEndpoints.CatalogUnavailable(http);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = StatusPage.ContentSecurityPolicy;
        return TypedResults.Text(StatusPage.Render(status), "text/html; charset=utf-8");
    }

    public static async Task<Results<JsonHttpResult<StatusResponse>, JsonHttpResult<ErrorBody>>> GetStatusAsync(
        HttpContext http, CardCatalogCache catalog, CardAuthorization authorization, IGrainFactory grains, ILogger<StatusResponse> logger)
    {
        if (await DescribeAsync(http, catalog, authorization, grains, logger) is not { } status)
        {
            return ReportsEndpoints.CatalogUnavailable(http);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(status, GatewayJsonContext.Default.StatusResponse);
    }

    internal static StatusResponse Combine(ReportsResponse reports, ClusterCardUsage? usage)
    {
        var byRoute = usage?.Cards.ToDictionary(c => c.Route, StringComparer.Ordinal) ?? [];
        return new StatusResponse(
            [.. reports.Reports.Select(report => new StatusReport(report.ReportId, [.. report.Cards.Select(card =>
            {
                var used = byRoute.GetValueOrDefault(card.Route);
                var requests = (used?.CacheHits ?? 0) + (used?.CacheMisses ?? 0);
                return new StatusCard(
                    card, used?.Viewers ?? 0, used?.CacheHits ?? 0, used?.CacheMisses ?? 0,
                    requests == 0 ? null : Math.Round((double)used!.CacheHits / requests, 4));
            })]))],
            usage?.Silos,
            usage?.Gateways,
            usage is not null);
    }

    private static async Task<StatusResponse?> DescribeAsync(
        HttpContext http, CardCatalogCache catalog, CardAuthorization authorization, IGrainFactory grains, ILogger logger)
    {
        if (catalog.Current is not { } current)
        {
            return null;
        }

        ClusterCardUsage? usage = null;
        try
        {
            usage = await grains.GetGrain<ICardUsageGrain>(CardUsageReporting.Key).GetAsync().WaitAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The catalog is still worth showing; the page says usage is unavailable.
            LogUsageUnavailable(logger, ex);
        }

        // Like /api/reports, the page lists only the cards this caller may use.
        var visible = await ReportsEndpoints.VisibleAsync(current, http, authorization);
        return Combine(ReportsEndpoints.Describe(visible, http.Request), usage);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card usage could not be read for the status page")]
    private static partial void LogUsageUnavailable(ILogger logger, Exception exception);
}
