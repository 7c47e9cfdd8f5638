using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Cereon.Grains.Catalog;

/// <summary>
/// Registers this silo's cards in the cluster catalog once the silo is active, and again every minute so that
/// the catalog heals if its state was lost.
/// </summary>
internal sealed partial class CatalogRegistrar(
    CardRegistry registry,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<CatalogRegistrar> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CatalogRegistrar), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    private async Task OnActiveAsync(CancellationToken cancellationToken)
    {
        CardSeries.StartAtZero(registry.Descriptors);
        await RegisterAsync();
        _loop = KeepRegisteredAsync(_stopping.Token);
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    public void Dispose() => _stopping.Dispose();

    private async Task KeepRegisteredAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await RegisterAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogStopped(logger);
        }
    }

    private async Task RegisterAsync()
    {
        try
        {
            var catalog = grains.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster);
            await catalog.RegisterAsync(new SiloCardSet(silo.SiloAddress, registry.Descriptors));
            LogRegistered(logger, registry.Descriptors.Count);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The next period retries; gateways keep serving the catalog they already have.
            LogRegistrationFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} cards in the cluster catalog")]
    private static partial void LogRegistered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card catalog registration failed; retrying next period")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catalog registration loop stopped")]
    private static partial void LogStopped(ILogger logger);
}
