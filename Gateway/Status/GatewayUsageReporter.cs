using Cereon.Gateway.Live;
using Cereon.Grains.Interfaces.Usage;

namespace Cereon.Gateway.Status;

/// <summary>
/// Reports this gateway's live subscriptions and response-cache hits per card to the cluster's usage grain, one call a
/// round.
/// </summary>
internal sealed partial class GatewayUsageReporter(
    LiveViewerTally tally,
    ResponseCacheTally responseCacheHits,
    LiveHub hub,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<GatewayUsageReporter> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        CardUsageRounds.RunAsync(
            time,
            () => grains.GetGrain<ICardUsageGrain>(CardUsageReporting.Key).ReportGatewayAsync(hub.GatewayId, tally.Snapshot(), responseCacheHits.Snapshot()),
            ex => LogReportFailed(logger, ex),
            () => LogStopped(logger),
            stoppingToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway usage report failed; retrying next round")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway usage reporting stopped")]
    private static partial void LogStopped(ILogger logger);
}
