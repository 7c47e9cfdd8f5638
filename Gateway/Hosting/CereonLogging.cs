using Serilog;
using Serilog.Events;

namespace Cereon.Gateway.Hosting;

public static class CereonLogging
{
    /// <summary>
    /// Serilog for the host: levels from the <c>Serilog</c> configuration section, framework chatter turned down
    /// to warnings as the deployment guide does.
    /// </summary>
    public static WebApplicationBuilder AddCereonLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        return builder;
    }
}
