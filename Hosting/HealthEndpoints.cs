using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cereon.Hosting;

/// <summary>
/// <c>/health</c> (liveness: the process answers), <c>/health/ready</c> and <c>/health/detailed</c> (readiness: the
/// cluster, PostgreSQL and Redis). As the deployment guide has it: a failed PostgreSQL makes the host unhealthy (503),
/// a failed Redis only degraded (still 200: the cluster keeps serving from its membership view).
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapCereonHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteSummaryAsync });
        app.MapHealthChecks(OperationalPaths.DetailedHealth, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteSummaryAsync(HttpContext http, HealthReport report) => Write(http, report, detailed: false);

    private static Task WriteAsync(HttpContext http, HealthReport report) => Write(http, report, detailed: true);

    private static async Task Write(HttpContext http, HealthReport report, bool detailed)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", Name(report.Status));
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", Name(entry.Status));
            if (detailed)
            {
                writer.WriteString("description", entry.Description ?? entry.Exception?.Message);
                writer.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
