namespace Cereon.Gateway.Live;

/// <summary>Says at start how many WebSocket connections this gateway holds, and why that many.</summary>
internal sealed partial class LiveConnectionLimitReport(LiveConnectionLimit limit, ILogger<LiveConnectionLimitReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogLimit(logger, limit.Value, limit.Derivation);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket connections per gateway: at most {MaxConnections} ({Derivation}); Cereon__WebSocket__MaxConnections sets it")]
    private static partial void LogLimit(ILogger logger, int maxConnections, string derivation);
}
