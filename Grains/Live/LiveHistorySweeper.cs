using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cereon.Grains.Live;

/// <summary>
/// Forgets the stored history of streams that have had no producer and no viewers for <see cref="LiveCardOptions.RetainAge"/>
/// (at least two trim periods, since a stream in use touches its history only that often), while the silo is active.
/// Every silo sweeps; for a shared store the sweeps are idempotent.
/// </summary>
internal sealed partial class LiveHistorySweeper(
    ILiveHistoryStore history,
    IOptions<LiveCardOptions> options,
    TimeProvider time,
    ILogger<LiveHistorySweeper> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan LongestPeriod = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveHistorySweeper), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        _loop = SweepAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task SweepAsync(CancellationToken stopping)
    {
        var idleFor = options.Value.RetainAge > 2 * LiveCardGrain.TrimPeriod ? options.Value.RetainAge : 2 * LiveCardGrain.TrimPeriod;
        using var timer = new PeriodicTimer(idleFor / 2 < LongestPeriod ? idleFor / 2 : LongestPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await history.ForgetIdleAsync(idleFor, stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store is down (PostgreSQL); idle streams wait for the next round, nothing else depends on it.
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogStopped(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting idle live card history failed; retrying at the next round")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live history sweeper stopped")]
    private static partial void LogStopped(ILogger logger);
}
