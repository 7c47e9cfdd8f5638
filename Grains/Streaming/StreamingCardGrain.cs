using System.Runtime.CompilerServices;
using Cereon.Grains.Caching;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Usage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Cereon.Grains.Streaming;

/// <summary>
/// Streams a streaming card's records (protocol.md §5) in batches. A card with a TTL has one activation per card,
/// parameters and caller partition: its requests share one handler run, and its recording serves later requests until
/// the TTL expires. A card without one has an activation per request (see <see cref="StreamingCardKeys"/>), which
/// deactivates as its request ends.
/// </summary>
// Placed on the silo the request arrives at; reentrant so that readers of a shared run, and a client leaving (the
// enumeration's disposal), reach the grain while its handler waits for its next record.
[PreferLocalPlacement]
[Reentrant]
internal sealed class StreamingCardGrain(
    CardRegistry registry,
    CardCacheBudget budget,
    CardCacheTally tally,
    IServiceProvider services,
    TimeProvider time,
    ILogger<StreamingCardGrain> logger) : Grain, IStreamingCardGrain
{
    private static readonly TimeSpan LeftGrace = TimeSpan.FromSeconds(2);

    private readonly TtlCache<StreamBatch> _recorded = new(time);
    private readonly HeldBytes _held = new(budget);
    private StreamRecording? _shared;
    private IGrainTimer? _expiry;

    public IAsyncEnumerable<StreamBatch> StreamAsync(CardRequest request) => StreamCoreAsync(request);

    public Task<StreamBatch?> GetRecordedAsync()
    {
        if (_recorded.TryGetFresh(out var recorded, out _))
        {
            tally.Hit(StreamingCardKeys.RouteOf(this.GetPrimaryKeyString()));
            return Task.FromResult<StreamBatch?>(recorded);
        }

        // A stale recording is forgotten here as well as by the expiry timer, whose tick may wait behind a stream of
        // requests.
        if (_recorded.IsHeld)
        {
            Forget();
        }

        return Task.FromResult<StreamBatch?>(null);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Forget();
        return Task.CompletedTask;
    }

    private async IAsyncEnumerable<StreamBatch> StreamCoreAsync(
        CardRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var key = this.GetPrimaryKeyString();
        var perRequest = StreamingCardKeys.IsPerRequest(key);
        var delivered = false;
        try
        {
            var route = StreamingCardKeys.RouteOf(key);
            if (!registry.TryGet(route, out var card) || card is not StreamingCard streamingCard)
            {
                yield return StreamBatch.Failed($"No streaming card is served at '{route}'.");
            }
            else
            {
                var ttl = card.Descriptor.Http.CacheTtl ?? TimeSpan.Zero;
                var recording = ttl > TimeSpan.Zero ? Join(streamingCard, request, ttl) : Start(streamingCard, request, null);
                await foreach (var batch in recording.ReadAsync(cancellationToken))
                {
                    yield return batch;
                }
            }

            delivered = true;
            if (perRequest)
            {
                // The gateway disposes the enumeration after the last batch. Waiting for that call here means it
                // reaches this activation: once deactivated, it would start a fresh one that nothing ever ends.
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            }
        }
        finally
        {
            if (perRequest)
            {
                EndAfterRequest(clientLeft: !delivered);
            }
        }
    }

    /// <summary>
    /// Deactivates a per-request activation: at once after the gateway's dispose call, or after a grace period when
    /// the client left, since then Orleans' cancellation and the gateway's dispose calls arrive in either order and
    /// any arriving after deactivation would start a fresh activation.
    /// </summary>
    private void EndAfterRequest(bool clientLeft)
    {
        if (!clientLeft)
        {
            DeactivateOnIdle();
            return;
        }

        this.RegisterGrainTimer(
            () =>
            {
                DeactivateOnIdle();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(LeftGrace, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    /// <summary>The run (or fresh recording) every request shares, started by the first that finds none.</summary>
    private StreamRecording Join(StreamingCard card, CardRequest request, TimeSpan ttl)
    {
        var route = card.Descriptor.Route;
        if (_shared is { IsAbandoned: false } shared && (!_recorded.IsHeld || _recorded.TryGetFresh(out _, out _)))
        {
            tally.Hit(route);
            return shared;
        }

        tally.Miss(route);
        Forget();
        return Start(card, request, ttl);
    }

    private StreamRecording Start(StreamingCard card, CardRequest request, TimeSpan? keepFor)
    {
        var recording = new StreamRecording(kept: keepFor is not null);
        if (keepFor is not null)
        {
            // Before the run starts: a handler with every record ready finishes inside RunAsync's first turn.
            _shared = recording;
        }

        var context = CardContextFactory.Create(card, request, services, recording.Cancellation);
        _ = RunAsync(card, context, recording, keepFor);
        return recording;
    }

    private async Task RunAsync(StreamingCard card, CardContext context, StreamRecording recording, TimeSpan? keepFor)
    {
        using (recording)
        {
            await StreamProducer.RunAsync(card, context, recording, time, logger);
        }

        if (keepFor is not { } ttl || !ReferenceEquals(_shared, recording))
        {
            return;
        }

        // Like an http card's result: a failed or abandoned run is never kept, nor one past the silo's cache budget.
        // The budget counts the batches and their one-piece copy apart, though one batch shares its bytes with it.
        var recorded = recording.Error is null && !recording.IsAbandoned ? recording.Whole() : null;
        var bytes = recording.Bytes + (recorded?.Records.Length ?? 0);
        if (recorded is null || !_held.TryHold(bytes))
        {
            _shared = null;
            return;
        }

        _recorded.Keep(recorded, ttl);
        _expiry = this.RegisterGrainTimer(
            () =>
            {
                Forget();
                return Task.CompletedTask;
            },
            // Interleaved, as every call of this reentrant grain is, so a steady stream of requests cannot hold it back.
            new GrainTimerCreationOptions(ttl, Timeout.InfiniteTimeSpan) { KeepAlive = false, Interleave = true });
    }

    private void Forget()
    {
        _expiry?.Dispose();
        _expiry = null;
        _held.Release();
        _shared = null;
        _recorded.Forget();
    }
}
