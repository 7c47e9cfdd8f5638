using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;

namespace Cereon.Grains.Live;

/// <summary>
/// One live card stream. Its producer runs here, once for the cluster, while gateways hold leases; each message is
/// numbered, retained for resume and published once to the Orleans stream that gateways fan out from.
/// </summary>
// Reentrant because the producer loop awaits inside the grain while subscribes, renewals and publishes interleave
// with it; all fields are touched only on the grain's single-threaded scheduler.
[Reentrant]
internal sealed partial class LiveCardGrain(
    [PersistentState("live", StorageNames.Cards)] IPersistentState<LiveCardState> state,
    ILiveHistoryStore history,
    CardRegistry registry,
    LiveProducerSlots slots,
    IServiceProvider services,
    TimeProvider time,
    IOptions<LiveCardOptions> options,
    ILogger<LiveCardGrain> logger) : Grain, ILiveCardGrain, IDisposable
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    /// <summary>How often a stream with a producer or viewers trims, and so touches, its stored history.</summary>
    internal static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(30);
    private DateTimeOffset _lastTrim;
    private string _key = string.Empty;
    private LiveCard? _card;
    private LiveStreamLog _log = null!;
    private LiveLeases _leases = null!;
    private LiveAcks _acks = null!;
    private LiveAppendQueue _appends = null!;
    private LiveProducer? _producer;
    private string _paramsJson = "{}";

    // Who the producer runs as: the subscriber's caller as the gateway scoped it for this stream's partition; unknown
    // in an activation that neither a subscribe nor a lease renewal has reached yet.
    private CardCaller? _caller;
    private string _topic = LiveCardKeys.DefaultTopic;
    private string? _unserved;
    private LiveProducerSlot _slot = null!;
    private DateTimeOffset _lastViewerSeen;
    private IGrainTimer? _tick;

    private LiveCardOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        _card = registry.TryGet(LiveCardKeys.RouteOf(_key), out var card) ? card as LiveCard : null;
        _topic = LiveCardKeys.TopicOf(_key);
        _slot = slots.For(LiveCardKeys.RouteOf(_key));
        var stream = this.GetStreamProvider(LiveStreams.ProviderName)
            .GetStream<LiveMessage>(StreamId.Create(LiveStreams.Namespace, _key));
        _log = new LiveStreamLog(_key, _card?.Window ?? LiveWindow.None, history, Options, time, logger);
        _leases = new LiveLeases(Options.LeaseTtl);
        _acks = new LiveAcks(state, Options.StateFlushInterval);
        _appends = new LiveAppendQueue(_key, BeginStore, messages => stream.OnNextBatchAsync(messages), Options.MaxAppendBatch, Options.MaxAppendsInFlight, logger);
        _producer = _card is null ? null : new LiveProducer(_card, _key, _topic, services, time, AppendAsync, logger);

        // A stream the card does not serve gets no history, no producer and no lasting activation.
        _unserved = _card is null ? "No live card is served here." : _card.Serves(_topic) ? null : $"Unknown topic '{_topic}'.";
        if (_unserved is null && await _log.LoadAsync(cancellationToken))
        {
            _acks.Clear();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopProducerAsync();
        await _appends.HandingOn;

        // Acknowledgements name seqs of the stream's history; when that history dies with this silo, so does their
        // meaning, and the in-memory grain storage they would go to is already being torn down.
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown || history.OutlivesSilo)
        {
            await _acks.WriteIfDirtyAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _producer?.Dispose();
    }

    public Task<LiveSubscription> SubscribeAsync(LiveSubscribeRequest request)
    {
        if (_unserved is not null || _card is null)
        {
            DeactivateOnIdle();
            return Task.FromResult(LiveSubscription.Refused(_unserved!));
        }

        if (!_slot.TryTake())
        {
            if (!_leases.Any)
            {
                DeactivateOnIdle();
            }

            return Task.FromResult(LiveSubscription.Refused(
                $"The card runs {Options.MaxProducersPerCard} producers already, one per topic and parameter set; try later."));
        }

        _paramsJson = request.ParamsJson;
        _caller = request.Caller;
        Lease(request.GatewayId);
        EnsureProducer();

        var after = request.ResumeSeq ?? _acks.Of(request.Cursor);
        var subscription = _log.Subscribe(after, request.Epoch);
        if (after is not null)
        {
            LiveMetrics.Resumed(_card.Descriptor.Route, recovered: subscription.Recovered);
        }

        return Task.FromResult(subscription);
    }

    public Task<LiveStreamPosition> RenewLeaseAsync(LiveLease lease)
    {
        if (_unserved is null)
        {
            if (_caller is null)
            {
                _paramsJson = lease.ParamsJson;
                _caller = lease.Caller;
            }

            _slot.Take();
            Lease(lease.GatewayId);
            EnsureProducer();
        }

        return Task.FromResult(new LiveStreamPosition(_log.Epoch, _log.LastSeq));
    }

    public Task ReleaseLeaseAsync(string gatewayId)
    {
        _leases.Release(gatewayId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LiveMessage>> GetAfterAsync(long seq) => Task.FromResult(_log.After(seq));

    public Task AckAsync(IReadOnlyDictionary<string, long> lastAcked)
    {
        _acks.Record(lastAcked);
        EnsureTicking();
        return Task.CompletedTask;
    }

    public async Task<PublishResult> PublishAsync(string recordJson, string paramsJson)
    {
        if (_unserved is not null || _card is null)
        {
            DeactivateOnIdle();
            return PublishResult.Refused(_unserved!);
        }

        var (wire, error) = PublishedRecord.Complete(recordJson, _card.Descriptor);
        if (wire is null)
        {
            return PublishResult.Refused(error!);
        }

        _paramsJson = paramsJson;
        return await AppendAsync(RecordWriter.ToJson(wire)) is { } message
            ? new PublishResult(message.Seq, message.Id, _log.Epoch, null)
            : PublishResult.NotStored("The record could not be stored; retry.");
    }

    public async Task<string?> HandleClientMessageAsync(string messageJson, string paramsJson, CardCaller caller)
    {
        if (_unserved is not null || _card is null)
        {
            DeactivateOnIdle();
            return _unserved!;
        }

        return await _producer!.HandleClientMessageAsync(messageJson, paramsJson, caller);
    }

    private void Lease(string gatewayId)
    {
        var now = time.GetUtcNow();
        _leases.Renew(gatewayId, now);
        _lastViewerSeen = now;
        EnsureTicking();
    }

    private void EnsureProducer()
    {
        // Until a subscribe or a lease has said which parameters and caller the stream is for, producing would be
        // guessing (and for a caller-dependent card, producing as nobody).
        if (_producer is null || _producer.Running || !_slot.Held || _caller is null)
        {
            return;
        }

        _producer.Start(_paramsJson, _caller);
    }

    private async Task StopProducerAsync()
    {
        _slot.Return();
        if (_producer is not null)
        {
            await _producer.StopAsync();
        }
    }

    /// <summary>Queues a record to be numbered, stored, retained and published; answers its message once stored, or null.</summary>
    private Task<LiveMessage?> AppendAsync(byte[] record) => _appends.AppendAsync(record, time.GetUtcNow());

    /// <summary>Sends one group commit to the store, numbered by the log; answers how to finish it, in the order begun.</summary>
    private Func<Task<IReadOnlyList<LiveMessage>?>> BeginStore(IReadOnlyList<(byte[] Record, DateTimeOffset At)> batch)
    {
        var attempt = _log.Begin(batch);
        return () => FinishStoreAsync(attempt);
    }

    /// <summary>Finishes a group commit: the log windows and retains it; the acknowledgements follow what it retains.</summary>
    private async Task<IReadOnlyList<LiveMessage>?> FinishStoreAsync(LiveStoreAttempt attempt)
    {
        var append = await _log.FinishAsync(attempt);
        if (append.Restarted)
        {
            _acks.Clear();
        }

        if (append.StoreMovedOn)
        {
            DeactivateOnIdle();
        }

        if (append.Messages is not null)
        {
            _acks.ForgetBefore(_log.ResumableFrom);
        }

        return append.Messages;
    }

    private void EnsureTicking() =>
        _tick ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { KeepAlive = true, Interleave = true });

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_leases.Expire(now))
        {
            _lastViewerSeen = now;
            if (_producer is { Finished: true, Running: false })
            {
                EnsureProducer();
            }
        }
        else if (now - _lastViewerSeen >= Options.Linger)
        {
            await StopProducerAsync();
        }

        if (_acks.Due(now))
        {
            _log.Trim();
            await _acks.FlushAsync(now, _log.ResumableFrom, cancellationToken);
        }

        if (now - _lastTrim >= TrimPeriod)
        {
            _lastTrim = now;
            await _log.TrimStoreAsync(cancellationToken);
        }

        if (!_leases.Any && _producer is not { Running: true } && !_acks.Dirty)
        {
            // Nothing to watch over: the grain goes, and its next activation reloads the history, which the store
            // forgets once it has been idle for RetainAge (so no activation keeps an epoch the store has dropped).
            _tick?.Dispose();
            _tick = null;
            DeactivateOnIdle();
        }
    }
}
