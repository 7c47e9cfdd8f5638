using OpenTelemetry;
using Orleans.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cereon.Hosting;

public static class CereonTelemetry
{
    /// <summary>Meters exported at <c>/metrics</c>: Cereon's own, Orleans', ASP.NET Core's and the .NET runtime's.</summary>
    public static readonly string[] Meters =
        ["Cereon.*", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>Activity sources traced: the gateway's requests, Orleans grain calls and card handlers.</summary>
    public static readonly string[] Sources =
        ["Cereon.*", ActivitySources.RuntimeActivitySourceName, ActivitySources.ApplicationGrainActivitySourceName];

    /// <summary>
    /// OpenTelemetry for the host: metrics for a Prometheus scrape (<see cref="MapCereonMetrics"/>), and traces over
    /// OTLP when an endpoint is configured. Without one no tracer runs: requests get an unrecorded activity for their
    /// trace id (<see cref="RequestTraceIds"/>, for logs and error bodies), grain calls none, and card reads hand the
    /// trace id to their handlers themselves (<c>CardRequest.TraceParent</c>).
    /// </summary>
    public static WebApplicationBuilder AddCereonTelemetry(this WebApplicationBuilder builder)
    {
        var settings = ValidatedSettings.Read(builder.Configuration, TelemetryOptions.SectionName, new TelemetryOptionsValidator());
        var exporting = !string.IsNullOrEmpty(settings.OtlpEndpoint) || !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        if (!exporting)
        {
            builder.Services.AddHostedService<RequestTraceIds>();
        }
        else
        {
            // The exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself (protocol, headers, paths);
            // the Cereon setting, when given, replaces only the endpoint.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = IsTraced)
                .AddSource(Sources)
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddOtlpExporter(otlp =>
                {
                    if (settings.OtlpEndpoint is { Length: > 0 } endpoint)
                    {
                        otlp.Endpoint = new Uri(endpoint);
                    }
                }));
        }

        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint at <c>/metrics</c>.</summary>
    public static IEndpointConventionBuilder MapCereonMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(OperationalPaths.Metrics);

    private static bool IsTraced(HttpContext http) =>
        !http.Request.Path.StartsWithSegments(OperationalPaths.Metrics) && !http.Request.Path.StartsWithSegments("/health");
}
