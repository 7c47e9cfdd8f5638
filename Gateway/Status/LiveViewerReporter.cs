using Cereon.Gateway.Live;
using Cereon.Grains.Interfaces.Usage;

namespace Cereon.Gateway.Status;

/// <summary>
/// Reports this gateway's live subscriptions and response-cache hits per card to the cluster's usage grain, one call a
/// round.
/// </summary>
internal sealed partial class LiveViewerReporter(
    LiveViewerTally tally,
    ResponseCacheTally responseCacheHits,
    LiveHub hub,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<LiveViewerReporter> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        CardUsageRounds.RunAsync(
            time,
            () => grains.GetGrain<ICardUsageGrain>(CardUsageReporting.Key).ReportGatewayAsync(hub.GatewayId, tally.Snapshot(), responseCacheHits.Snapshot()),
            ex => LogReportFailed(logger, ex),
            () => LogStopped(logger),
            stoppingToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live viewer report failed; retrying next round")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live viewer reporting stopped")]
    private static partial void LogStopped(ILogger logger);
}
