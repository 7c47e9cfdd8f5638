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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CardUsageReporting.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.GetGrain<ICardUsageGrain>(CardUsageReporting.Key).ReportGatewayAsync(hub.GatewayId, tally.Snapshot(), responseCacheHits.Snapshot());
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
                {
                    // Not connected yet, or the cluster is away: the status page shows the last round meanwhile.
                    LogReportFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live viewer report failed; retrying next round")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live viewer reporting stopped")]
    private static partial void LogStopped(ILogger logger);
}
