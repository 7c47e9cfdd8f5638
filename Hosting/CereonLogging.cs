using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Cereon.Hosting;

public static class CereonLogging
{
    /// <summary>
    /// Serilog for the host: levels from the <c>Serilog</c> configuration section, framework chatter turned down to
    /// warnings as the deployment guide does. The console gets one compact JSON object per line (<c>@t</c>, <c>@m</c>,
    /// <c>@l</c>, <c>@tr</c> trace id, <c>@sp</c> span id, properties) or readable text lines that end with the trace
    /// id, as <see cref="LoggingOptions.Format"/> says.
    /// </summary>
    public static WebApplicationBuilder AddCereonLogging(this WebApplicationBuilder builder)
    {
        var format = ValidatedSettings.Read(builder.Configuration, LoggingOptions.SectionName, new LoggingOptionsValidator()).Format;
        var json = format == LogFormats.Json
            || (format == LogFormats.Auto && !builder.Environment.IsDevelopment() && Console.IsOutputRedirected);
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
    /// One log event per HTTP request with method, path, status and duration (<see cref="RequestOutcomeLog"/>).
    /// Successful requests are logged at Debug: at the rates the gateway serves, a console line per request would cost
    /// more than the request, and <c>http.server.request.duration</c> at <c>/metrics</c> already counts them by route
    /// and status. Set <c>Serilog:MinimumLevel:Override:Cereon.Hosting.RequestOutcomeLog</c> to Debug to see
    /// every one.
    /// </summary>
    public static WebApplication UseCereonRequestLogging(this WebApplication app)
    {
        app.UseMiddleware<RequestOutcomeLog>();
        return app;
    }
}
