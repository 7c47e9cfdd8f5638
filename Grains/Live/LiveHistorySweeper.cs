using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cereon.Grains.Live;

/// <summary>
/// Forgets the stored history of streams that have had no producer and no viewers for <see cref="LiveCardOptions.RetainAge"/>
/// (at least two trim periods, since a stream in use touches its history only that often). Every silo sweeps; for a
/// shared store the sweeps are idempotent.
/// </summary>
internal sealed partial class LiveHistorySweeper(
    ILiveHistoryStore history,
    IOptions<LiveCardOptions> options,
    TimeProvider time,
    ILogger<LiveHistorySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan LongestPeriod = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleFor = options.Value.RetainAge > 2 * LiveCardGrain.TrimPeriod ? options.Value.RetainAge : 2 * LiveCardGrain.TrimPeriod;
        using var timer = new PeriodicTimer(idleFor / 2 < LongestPeriod ? idleFor / 2 : LongestPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(idleFor, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }
    }

    private async Task SweepAsync(TimeSpan idleFor, CancellationToken stoppingToken)
    {
        try
        {
            await history.ForgetIdleAsync(idleFor, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down (PostgreSQL); idle streams wait for the next round, nothing else depends on it.
            LogSweepFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting idle live card history failed; retrying at the next round")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live history sweeper stopped")]
    private static partial void LogStopped(ILogger logger);
}
