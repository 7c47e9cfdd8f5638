using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Cereon.Gateway.Hosting;

public static class CereonLogging
{
    /// <summary>Setting that picks the console format: <c>json</c>, <c>text</c> or <c>auto</c> (the default).</summary>
    public const string FormatKey = "Cereon:Logging:Format";

    /// <summary>
    /// Serilog for the host: levels from the <c>Serilog</c> configuration section, framework chatter turned down to
    /// warnings as the deployment guide does. The console gets one compact JSON object per line (<c>@t</c>, <c>@m</c>,
    /// <c>@l</c>, <c>@tr</c> trace id, <c>@sp</c> span id, properties) when <see cref="FormatKey"/> is <c>json</c>, or
    /// when it is <c>auto</c> and the process runs outside Development with its output collected rather than on a
    /// terminal (a container, a service, a test); otherwise readable text lines that still end with the trace id.
    /// </summary>
    public static WebApplicationBuilder AddCereonLogging(this WebApplicationBuilder builder)
    {
        var json = builder.Configuration[FormatKey]?.ToLowerInvariant() switch
        {
            "json" => true,
            "text" => false,
            null or "" or "auto" => !builder.Environment.IsDevelopment() && Console.IsOutputRedirected,
            var other => throw new Microsoft.Extensions.Options.OptionsValidationException(
                FormatKey, typeof(string), [$"{FormatKey} '{other}' is not one of auto, json, text (env Cereon__Logging__Format)."]),
        };
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext();
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }

    /// <summary>
    /// One log event per HTTP request with method, path, status and duration. Successful requests are logged at Debug:
    /// at the rates the gateway serves, a console line per request would cost more than the request, and
    /// <c>http.server.request.duration</c> at <c>/metrics</c> already counts them by route and status. Client errors
    /// are logged at Information and server errors at Error, so they show at the default level with their trace id.
    /// Set <c>Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware</c> to Debug to see every one.
    /// </summary>
    public static WebApplication UseCereonRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options => options.GetLevel = LevelOf);
        return app;
    }

    private static LogEventLevel LevelOf(HttpContext http, double elapsedMs, Exception? failure) =>
        failure is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
        : http.Response.StatusCode >= StatusCodes.Status400BadRequest ? LogEventLevel.Information
        : LogEventLevel.Debug;
}
