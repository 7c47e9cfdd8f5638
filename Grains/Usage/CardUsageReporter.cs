using Cereon.Grains.Interfaces.Usage;
using Microsoft.Extensions.Logging;

namespace Cereon.Grains.Usage;

/// <summary>Reports this silo's cache counts to the usage grain while the silo is active, whenever they changed.</summary>
internal sealed partial class CardUsageReporter(
    CardCacheTally tally,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<CardUsageReporter> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CardUsageReporter), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        _loop = ReportAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private Task ReportAsync(CancellationToken stopping)
    {
        var reported = -1L;
        var quietRounds = 0;
        return CardUsageRounds.RunAsync(time, Round, ex => LogReportFailed(logger, ex), () => LogStopped(logger), stopping);

        async Task Round()
        {
            // Unchanged counts are sent again every other round only, so the grain does not forget this silo.
            var changes = tally.Changes;
            if (changes == reported && ++quietRounds < 2)
            {
                return;
            }

            quietRounds = 0;
            await grains.GetGrain<ICardUsageGrain>(CardUsageReporting.Key).ReportCacheAsync(silo.SiloAddress.ToParsableString(), tally.Snapshot());
            reported = changes;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Card usage report failed; retrying next round")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Card usage reporting stopped")]
    private static partial void LogStopped(ILogger logger);
}
