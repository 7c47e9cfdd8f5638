using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cereon.Hosting.Security;

/// <summary>Says at startup how the process is protected, and how to protect it where it is not.</summary>
internal sealed partial class SecurityStartupReport(
    IOptions<AuthOptions> auth,
    DeploymentMode mode,
    ILogger<SecurityStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = auth.Value;
        if (settings.Enabled)
        {
            // Never the key itself: only which kind of key is in use.
            LogAuthOn(logger, settings.JwtSigningKey is { Length: > 0 } ? "HS256 shared key" : $"authority {settings.Authority}");
        }
        else if (settings.Disabled)
        {
            LogAuthDisabled(logger);
        }
        else
        {
            LogAuthNotConfigured(logger);
        }

        if (settings.AdminPort is { } port)
        {
            LogAdminPort(logger, port);
        }
        else if (!settings.Enabled)
        {
            LogAdminOpen(logger);
        }

        LogMode(logger, mode.IsProduction);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Authentication: JWT bearer tokens checked with the {KeySource}")]
    private static partial void LogAuthOn(ILogger logger, string keySource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication disabled (Cereon__Auth__Disabled=true): cards that need a signed-in caller answer 401")]
    private static partial void LogAuthDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication not configured: cards that need a signed-in caller answer 401. To sign callers in, set Cereon__Auth__JwtSigningKey to an HS256 secret of at least 32 bytes (optionally Cereon__Auth__Issuer and Cereon__Auth__Audience), or Cereon__Auth__Authority to an OpenID Connect issuer")]
    private static partial void LogAuthNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans Dashboard and publish served only on local port {Port}")]
    private static partial void LogAdminPort(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orleans Dashboard and publish are open to anyone who reaches this port: configure authentication or Cereon__Auth__AdminPort")]
    private static partial void LogAdminOpen(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Production mode: {Production}")]
    private static partial void LogMode(ILogger logger, bool production);
}
