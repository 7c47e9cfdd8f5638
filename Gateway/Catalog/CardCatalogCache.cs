using System.Collections.Frozen;
using Cereon.Gateway.Hosting;
using Cereon.Gateway.Telemetry;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cereon.Gateway.Catalog;

/// <summary>
/// The gateway's copy of the cluster's card catalog. Refreshed periodically, and at once (at most once a second)
/// when a request names a route it does not know, so cards deployed on new silos are served without a restart.
/// </summary>
internal sealed partial class CardCatalogCache(
    IGrainFactory grains,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<CardCatalogCache> logger) : BackgroundService
{
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _snapshot;
    private CancellationTokenSource _changed = new();
    private long _lastRefreshTicks;

    /// <summary>The catalog as last read, or null before the cluster answered once.</summary>
    public CardCatalog? Current => _snapshot?.Catalog;

    /// <summary>Fires once when the catalog next changes; ask again for the change after that.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>Finds the card served at <paramref name="path"/>; null when there is none (or no catalog yet).</summary>
    public async ValueTask<CardDescriptor?> FindAsync(string path, CancellationToken cancellationToken)
    {
        if (_snapshot?.ByRoute.TryGetValue(path, out var card) == true)
        {
            return card;
        }

        await RefreshAsync(MissRefreshInterval, cancellationToken);
        return _snapshot?.ByRoute.GetValueOrDefault(path);
    }

    public override void Dispose()
    {
        _refreshing.Dispose();
        _changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(TimeSpan.Zero, stoppingToken);
            var wait = _snapshot is null ? MissRefreshInterval : options.Value.CatalogRefreshInterval;
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                LogStopped(logger);
            }
        }
    }

    private async Task RefreshAsync(TimeSpan notMoreOftenThan, CancellationToken cancellationToken)
    {
        var startedWaiting = time.GetTimestamp();
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            // A refresh that finished while this caller waited for the lock already has what it would fetch.
            var last = Interlocked.Read(ref _lastRefreshTicks);
            if (last > startedWaiting || (last != 0 && time.GetElapsedTime(last) < notMoreOftenThan))
            {
                return;
            }

            var catalog = await grains.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster).GetAsync();
            Interlocked.Exchange(ref _lastRefreshTicks, time.GetTimestamp());
            if (_snapshot?.Catalog.Version != catalog.Version)
            {
                // The next change's token is in place before the catalog is, so nobody pairs the new catalog with a
                // token that is about to fire; the old token fires last. Not disposed: a reader may still be taking
                // its token, and a source without timers holds nothing.
                var changed = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
                _snapshot = new Snapshot(catalog, catalog.Cards.ToFrozenDictionary(c => c.Route, StringComparer.Ordinal));
                GatewayMetrics.StartAtZero(catalog.Cards);
                LogCatalogChanged(logger, catalog.Cards.Count, catalog.Version);
                await changed.CancelAsync();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the cluster answers with (unreachable, a failing catalog grain, a serialisation error), this
            // loop must outlive it: keep serving the last catalog and try again next period.
            LogRefreshFailed(logger, ex);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Card catalog now has {Count} cards (version {Version})")]
    private static partial void LogCatalogChanged(ILogger logger, int count, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card catalog refresh failed; serving the last known catalog")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Card catalog refresh loop stopped")]
    private static partial void LogStopped(ILogger logger);

    private sealed record Snapshot(CardCatalog Catalog, FrozenDictionary<string, CardDescriptor> ByRoute);
}
