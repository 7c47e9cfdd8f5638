using Cereon.Hosting.Security;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Security;

/// <summary>Says at startup whether the per-client rate limits apply, beside the host's security report.</summary>
internal sealed partial class RateLimitStartupReport(
    IOptions<RateLimitOptions> limits,
    DeploymentMode mode,
    ILogger<RateLimitStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var rateLimited = limits.Value.AppliesIn(mode);
        LogRateLimits(logger, rateLimited);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits per client on: {RateLimitsOn} (Cereon__RateLimits__Enabled sets it)")]
    private static partial void LogRateLimits(ILogger logger, bool rateLimitsOn);
}
