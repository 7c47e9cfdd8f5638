using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Records;
using Cereon.Grains.Telemetry;
using Cereon.Grains.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cereon.Grains.Caching;

/// <summary>
/// One card with one parameter set. Serves the cached result while it is fresh, otherwise runs the handler once
/// for every request that arrives meanwhile. Failures are answered but never cached. An activation past its card's
/// parameter-set budget (<see cref="CardActivationBudget"/>) keeps nothing and is deactivated after it answers.
/// </summary>
// Reentrant so that cache hits are answered while a handler still runs; the grain's single-threaded scheduler
// keeps the fields below consistent, and the shared in-flight task gives single flight.
[Reentrant]
internal sealed partial class CardGrain(
    [PersistentState("last-good", StorageNames.Cards)] IPersistentState<LastGoodResult> lastGood,
    CardRegistry registry,
    CardCacheBudget budget,
    CardActivationBudget places,
    CardCacheTally tally,
    IServiceProvider services,
    TimeProvider time,
    IOptions<CardCacheOptions> options,
    ILogger<CardGrain> logger) : Grain, ICardGrain
{
    private readonly HeldBytes _held = new(budget);
    private readonly TtlCache<CardResponse> _cached = new(time);
    private IGrainTimer? _expiry;
    private Task<CardResponse>? _inflight;
    private string? _route;
    private string? _paramsJson;
    private long _hits;
    private long _misses;
    private bool _kept;

    private string Route => _route ??= CardGrainKeys.RouteOf(this.GetPrimaryKeyString());

    // The caller's token is not passed on: a cancelled caller is answered by Orleans at once, and the single run
    // of the handler must go on for the others waiting on it.
    public async Task<CardResponse> GetAsync(CardRequest request, CancellationToken cancellationToken)
    {
        var route = Route;
        if (_cached.TryGetFresh(out var cached, out var freshFor))
        {
            tally.Hit(route);
            _hits++;
            return cached with { FreshFor = freshFor };
        }

        if (!registry.TryGet(route, out var card))
        {
            return CardResponse.Failure(CardOutcome.UnknownCard, $"No card is served at '{route}'.");
        }

        if (card is not HttpCard httpCard)
        {
            return CardResponse.Failure(CardOutcome.WrongTransport, $"Card '{card.Descriptor.CardId}' is a {card.Descriptor.Transport} card.");
        }

        tally.Miss(route);
        _misses++;
        _paramsJson = request.ParamsJson;

        var run = _inflight ??= RunAsync(httpCard, request);
        try
        {
            return await run;
        }
        finally
        {
            if (ReferenceEquals(_inflight, run))
            {
                _inflight = null;
            }

            if (!_kept)
            {
                // Past the card's budget: this parameter set is answered, and then it costs nothing.
                this.DeactivateOnIdle();
            }
        }
    }

    public Task<CardGrainState> GetState() => Task.FromResult(new CardGrainState(
        Route,
        _paramsJson,
        _cached.Until,
        _cached.Held?.Body.Length ?? 0,
        _hits,
        _misses,
        lastGood.State.Body is null ? null : lastGood.State.ProducedAt));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _kept = places.TryKeep(Route);

        // A last good result read from storage is held like a fresh one, so it counts against MaxBytes.
        if (lastGood.State.Body is { } stored && !Hold(stored))
        {
            lastGood.State.Body = null;
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Evict("deactivated");
        _held.Release();
        if (_kept)
        {
            places.Release(Route);
            _kept = false;
        }

        return Task.CompletedTask;
    }

    private async Task<CardResponse> RunAsync(HttpCard card, CardRequest request)
    {
        var descriptor = card.Descriptor;
        using var span = CardMetrics.Source.StartActivity("card.handle " + descriptor.Route);
        span?.SetTag(CardMetrics.CardTag, descriptor.Route);
        using var unrecorded = span is null && System.Diagnostics.Activity.Current is null && request.TraceParent is { } parent
            ? new System.Diagnostics.Activity("card.handle").SetParentId(parent).Start()
            : null;
        var startedAt = time.GetUtcNow();
        IReadOnlyList<CardRecord> records;
        using (var timeout = new CancellationTokenSource(options.Value.HandlerTimeout, time))
        {
            try
            {
                var context = CardContextFactory.Create(card, request, services, timeout.Token);
                records = await card.HandleAsync(context);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                LogHandlerTimedOut(logger, descriptor.Route, options.Value.HandlerTimeout);
                RecordRun(descriptor.Route, startedAt, "timeout", span);
                return StaleOr(CardResponse.Failure(CardOutcome.HandlerFailed, "Card handler timed out."));
            }
            catch (Exception ex)
            {
                // Handlers are user code: any exception they throw is answered as a 500 and logged, never cached.
                LogHandlerFailed(logger, descriptor.Route, ex);
                RecordRun(descriptor.Route, startedAt, "failed", span);
                return StaleOr(CardResponse.Failure(CardOutcome.HandlerFailed, "Card handler failed."));
            }
        }

        var timing = RecordTiming.Meta(startedAt, time.GetUtcNow());
        var wires = new List<System.Text.Json.Nodes.JsonObject>(records.Count);
        foreach (var record in records)
        {
            var (wire, error) = RecordWriter.Flatten(record, descriptor, timing);
            if (wire is null)
            {
                LogInvalidRecord(logger, descriptor.Route, error!);
                RecordRun(descriptor.Route, startedAt, "invalid_record", span);
                return StaleOr(CardResponse.Failure(CardOutcome.InvalidRecord, $"Card produced an invalid record: {error}"));
            }

            wires.Add(wire);
        }

        RecordRun(descriptor.Route, startedAt, HandlerRuns.Ok, span);

        var response = CardResponse.Success(RecordWriter.ToJsonArray(wires));
        var ttl = descriptor.Http.CacheTtl ?? options.Value.DefaultTtl;
        Evict("replaced");
        if (!Hold(response.Body))
        {
            lastGood.State.Body = null;
            return response;
        }

        var cached = Cache(response, ttl);
        await KeepAsLastGoodAsync(response.Body, startedAt);
        if (!cached && !ReferenceEquals(lastGood.State.Body, response.Body))
        {
            // Neither cached (no TTL) nor kept as last good (stale-on-error off): nothing holds the bytes.
            _held.Release();
        }

        return cached ? response with { FreshFor = ttl } : response;
    }

    /// <summary>The last good result, flagged stale, in place of a failure; the failure when there is none.</summary>
    private CardResponse StaleOr(CardResponse failure)
    {
        if (!options.Value.ServeStaleOnError || lastGood.State.Body is not { } body)
        {
            return failure;
        }

        LogServingStale(logger, CardGrainKeys.RouteOf(this.GetPrimaryKeyString()), lastGood.State.ProducedAt);
        return CardResponse.Success(StaleRecords.Mark(body, lastGood.State.ProducedAt, failure.Error ?? "Card failed"));
    }

    private async Task KeepAsLastGoodAsync(byte[] body, DateTimeOffset producedAt)
    {
        if (!options.Value.ServeStaleOnError)
        {
            return;
        }

        lastGood.State.Body = body;
        lastGood.State.ProducedAt = producedAt;
        if (!options.Value.StoreLastGood)
        {
            return;
        }

        try
        {
            await lastGood.WriteStateAsync();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or System.Data.Common.DbException)
        {
            // The fresh result is still served and cached; only the fallback for a later failure is older.
            LogLastGoodNotStored(logger, CardGrainKeys.RouteOf(this.GetPrimaryKeyString()), ex);
        }
    }

    private void RecordRun(string route, DateTimeOffset startedAt, string outcome, System.Diagnostics.Activity? span) =>
        HandlerRuns.Record(route, time.GetUtcNow() - startedAt, outcome, span);

    private bool Cache(CardResponse response, TimeSpan ttl)
    {
        if (!_cached.Keep(response, ttl))
        {
            return false;
        }

        _expiry = this.RegisterGrainTimer(
            () =>
            {
                Evict("expired");
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(ttl, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        return true;
    }

    private void Evict(string reason)
    {
        _expiry?.Dispose();
        _expiry = null;
        if (_cached.Forget())
        {
            CardMetrics.CacheEvictions.Add(1, CardMetrics.Card(Route), new("reason", reason));
        }

        // The bytes stay reserved while they are still this activation's last good result.
        if (lastGood.State.Body is null)
        {
            _held.Release();
        }
    }

    /// <summary>Holds a result body (<see cref="HeldBytes"/>); false, keeping nothing, past the card's budget.</summary>
    private bool Hold(byte[] body)
    {
        if (_kept)
        {
            return _held.TryHold(body.Length);
        }

        _held.Release();
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {Route} failed; serving its last good result from {ProducedAt}")]
    private static partial void LogServingStale(ILogger logger, string route, DateTimeOffset producedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {Route} last good result could not be stored")]
    private static partial void LogLastGoodNotStored(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {Route} handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {Route} handler timed out after {Timeout}")]
    private static partial void LogHandlerTimedOut(ILogger logger, string route, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {Route} produced an invalid record: {Reason}")]
    private static partial void LogInvalidRecord(ILogger logger, string route, string reason);
}
