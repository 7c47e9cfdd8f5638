using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Records;
using Cereon.Grains.Telemetry;
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
    private static readonly TimeSpan ProducerStopGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FanOutTimeout = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, DateTimeOffset> _leases = [];
    private readonly List<LiveMessage> _retained = [];

    // The producer, publishes and client messages interleave (the grain is reentrant). They queue here and one flush at
    // a time numbers and stores everything queued (a group commit), so no two appends claim the same seq and concurrent
    // publishes cost one store round trip together instead of one each.
    private readonly List<PendingAppend> _pending = [];
    private bool _flushing;
    private Task _handingOn = Task.CompletedTask;
    private string _epoch = string.Empty;
    private long _lastSeq;
    private DateTimeOffset _lastTrim;
    private string _key = string.Empty;
    private LiveCard? _card;
    private LiveWindowBuffer _window = new(LiveWindow.None);
    private IAsyncStream<LiveMessage>? _stream;
    private CancellationTokenSource? _producerStop;
    private Task _producer = Task.CompletedTask;
    private string _paramsJson = "{}";

    // Who the producer runs as: the subscriber's caller as the gateway scoped it for this stream's partition; unknown
    // in an activation that neither a subscribe nor a lease renewal has reached yet.
    private CardCaller? _caller;
    private string _topic = LiveCardKeys.DefaultTopic;
    private string? _unserved;
    private LiveProducerSlot _slot = null!;
    private DateTimeOffset _lastViewerSeen;
    private DateTimeOffset _lastFlush;
    private bool _dirty;
    private IGrainTimer? _tick;

    private LiveCardOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        _card = registry.TryGet(LiveCardKeys.RouteOf(_key), out var card) ? card as LiveCard : null;
        _topic = LiveCardKeys.TopicOf(_key);
        _slot = slots.For(LiveCardKeys.RouteOf(_key));
        _stream = this.GetStreamProvider(LiveStreams.ProviderName)
            .GetStream<LiveMessage>(StreamId.Create(LiveStreams.Namespace, _key));

        // A stream the card does not serve gets no history, no producer and no lasting activation.
        _unserved = _card is null ? "No live card is served here." : _card.Serves(_topic) ? null : $"Unknown topic '{_topic}'.";
        if (_unserved is null)
        {
            await LoadHistoryAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopProducerAsync();
        await _handingOn;

        // Acknowledgements name seqs of the stream's history; when that history dies with this silo, so does their
        // meaning, and the in-memory grain storage they would go to is already being torn down.
        var pointless = reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !history.OutlivesSilo;
        if (_dirty && !pointless)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _producerStop?.Dispose();
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
            if (_leases.Count == 0)
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

        long? after = request.ResumeSeq
            ?? (state.State.Acks.TryGetValue(request.Cursor, out var acked) ? acked : null);
        if (after is { } resumeAfter && CanResume(resumeAfter, request.Epoch ?? _epoch))
        {
            LiveMetrics.Resumed(_card.Descriptor.Route, recovered: true);
            return Task.FromResult(new LiveSubscription(_epoch, true, [.. _retained.Where(m => m.Seq > resumeAfter)], null, _lastSeq));
        }

        if (after is not null)
        {
            LiveMetrics.Resumed(_card.Descriptor.Route, recovered: false);
        }

        return Task.FromResult(new LiveSubscription(_epoch, false, _retained.Count > 0 ? [_retained[^1]] : [], null, _lastSeq));
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

        return Task.FromResult(new LiveStreamPosition(_epoch, _lastSeq));
    }

    public Task ReleaseLeaseAsync(string gatewayId)
    {
        _leases.Remove(gatewayId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LiveMessage>> GetAfterAsync(long seq) =>
        Task.FromResult<IReadOnlyList<LiveMessage>>([.. _retained.Where(m => m.Seq > seq)]);

    public Task AckAsync(IReadOnlyDictionary<string, long> lastAcked)
    {
        foreach (var (subscriptionId, seq) in lastAcked)
        {
            var acks = state.State.Acks;
            acks[subscriptionId] = Math.Max(seq, acks.GetValueOrDefault(subscriptionId));
        }

        _dirty = true;
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
            ? new PublishResult(message.Seq, message.Id, _epoch, null)
            : PublishResult.NotStored("The record could not be stored; retry.");
    }

    public async Task<string?> HandleClientMessageAsync(string messageJson, string paramsJson, CardCaller caller)
    {
        if (_unserved is not null || _card is null)
        {
            DeactivateOnIdle();
            return _unserved!;
        }

        if (!_card.Descriptor.AcceptsClientMessages)
        {
            return "This card does not accept client messages.";
        }

        if (JsonNode.Parse(messageJson) is not JsonObject message)
        {
            return "Client messages must be JSON objects.";
        }

        IReadOnlyList<CardRecord> records;
        try
        {
            var context = CardContextFactory.Create(_card, new CardRequest(paramsJson, "GET", caller), services, CancellationToken.None, _topic);
            records = await _card.OnClientMessageAsync(context, message);
        }
        catch (Exception ex)
        {
            // Card code: a failure is answered to the client as an error and logged, the socket stays open.
            LogClientMessageFailed(logger, _card.Descriptor.Route, ex);
            return "The card could not handle the message.";
        }

        foreach (var record in records)
        {
            var (wire, error) = RecordWriter.Flatten(record, _card.Descriptor, null);
            if (wire is null)
            {
                return $"The card produced an invalid record: {error}";
            }

            if (await AppendAsync(RecordWriter.ToJson(wire)) is null)
            {
                return "The record could not be stored; retry.";
            }
        }

        return null;
    }

    private bool CanResume(long after, string epoch)
    {
        if (epoch != _epoch || after > _lastSeq)
        {
            return false;
        }

        // Resumable when nothing after the resume point has been trimmed away.
        var oldestRetained = _retained.Count > 0 ? _retained[0].Seq : _lastSeq + 1;
        return after >= oldestRetained - 1;
    }

    private void Lease(string gatewayId)
    {
        var now = time.GetUtcNow();
        _leases[gatewayId] = now + Options.LeaseTtl;
        _lastViewerSeen = now;
        EnsureTicking();
    }

    private void EnsureProducer()
    {
        if (_card is null || _producerStop is not null || !_slot.Held)
        {
            return;
        }

        // Until a subscribe or a lease has said which parameters and caller the stream is for, producing would be
        // guessing (and for a caller-dependent card, producing as nobody).
        if (_caller is null)
        {
            return;
        }

        _producerStop = new CancellationTokenSource();
        _producer = StartUntraced(_card, _producerStop.Token);
        LiveMetrics.ProducersStarted.Add(1, CardMetrics.Card(_card.Descriptor.Route));
    }

    /// <summary>
    /// Starts the producer outside the caller's trace: it serves every viewer for as long as there are any, so it must
    /// not run in the trace of whichever subscribe happened to start it, or every message it ever produces would join
    /// that one trace. The async method keeps the ambient activity it starts with; the caller's is restored at once.
    /// </summary>
    private Task StartUntraced(LiveCard card, CancellationToken stopping)
    {
        var caller = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        try
        {
            return RunProducerAsync(card, stopping);
        }
        finally
        {
            System.Diagnostics.Activity.Current = caller;
        }
    }

    private async Task RunProducerAsync(LiveCard card, CancellationToken stopping)
    {
        var context = CardContextFactory.Create(card, new CardRequest(_paramsJson, "GET", _caller ?? CardCaller.Anonymous), services, stopping, _topic);
        try
        {
            await foreach (var record in card.ProduceAsync(context).WithCancellation(stopping))
            {
                var now = time.GetUtcNow();
                var (wire, error) = RecordWriter.Flatten(record, card.Descriptor, RecordTiming.Meta(now, now));
                if (wire is null)
                {
                    LogInvalidRecord(logger, card.Descriptor.Route, error!);
                    continue;
                }

                await AppendAsync(RecordWriter.ToJson(wire));
            }
        }
        catch (Exception ex) when (stopping.IsCancellationRequested)
        {
            // Whatever a stopping producer runs into (cancellation, or a store or stream going down with its silo
            // under a producer that outlived its stop grace) is the stop itself, not a failure.
            LogProducerStopped(logger, _key, ex);
        }
        catch (Exception ex)
        {
            // Card code: log it; the next tick restarts the producer while viewers remain.
            LogProducerFailed(logger, card.Descriptor.Route, ex);
            _producerStop?.Dispose();
            _producerStop = null;
        }
    }

    private async Task StopProducerAsync()
    {
        _slot.Return();
        if (_producerStop is not { } stop)
        {
            return;
        }

        _producerStop = null;
        await stop.CancelAsync();
        try
        {
            await _producer.WaitAsync(ProducerStopGrace);
            stop.Dispose();
        }
        catch (TimeoutException)
        {
            // Stuck handing a stored message to a stream queue that is shutting down with its silo. What it holds is
            // stored already, so waiting longer would only hold up the silo's shutdown (a rolling update).
            LogProducerAbandoned(logger, _key);
        }
    }

    /// <summary>
    /// Queues a record to be numbered, stored, retained and published; answers its message once stored and handed to
    /// the stream, or null when it could not be stored (nothing is sent then).
    /// </summary>
    private Task<LiveMessage?> AppendAsync(byte[] record)
    {
        var append = new PendingAppend(record, time.GetUtcNow());
        _pending.Add(append);
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }

        return append.Stored.Task;
    }

    /// <summary>Stores what is queued in batches, one at a time, until nothing is; runs on the grain's scheduler.</summary>
    private async Task FlushAsync()
    {
        try
        {
            while (_pending.Count > 0)
            {
                var batch = _pending.Take(Options.MaxAppendBatch).ToList();
                _pending.RemoveRange(0, batch.Count);
                try
                {
                    // Answered once stored (durable), while the batch is handed on: storing the next batch overlaps
                    // handing on this one, so a flush cycle costs the slower of the two rather than their sum. One
                    // batch in flight at a time keeps the stream in seq order and a producer at most one batch ahead.
                    var stored = await AppendInOrderAsync(batch);
                    if (stored is not null)
                    {
                        await _handingOn;
                        _handingOn = FanOutAsync(stored);
                    }

                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Stored.TrySetResult(stored?[i]);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var append in batch)
                    {
                        append.Stored.TrySetException(ex);
                    }
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>
    /// Every message was stored before anyone received it, so the stored stream is never behind a client: carry on
    /// with its epoch and numbering. Only a stream never seen before (or whose store was wiped) starts anew.
    /// </summary>
    private async Task LoadHistoryAsync(CancellationToken cancellationToken)
    {
        var stored = await history.LoadAsync(_key, Options.RetainCount, time.GetUtcNow() - Options.RetainAge, cancellationToken);
        _retained.Clear();
        _window = new LiveWindowBuffer(_card?.Window ?? LiveWindow.None);
        if (stored.Epoch is null)
        {
            var epoch = Guid.NewGuid().ToString("N")[..12];
            if (await history.StartAsync(_key, epoch, cancellationToken))
            {
                _epoch = epoch;
                _lastSeq = 0;
                state.State.Acks.Clear();
                return;
            }

            // A second activation (the directory can briefly have two while silos join) started the stream first;
            // taking its epoch keeps the clients it has numbered messages for able to resume.
            stored = await history.LoadAsync(_key, Options.RetainCount, time.GetUtcNow() - Options.RetainAge, cancellationToken);
        }

        _epoch = stored.Epoch ?? throw new InvalidOperationException($"Live stream {_key} exists but has no epoch.");
        _lastSeq = stored.LastSeq;
        foreach (var message in stored.Recent)
        {
            _retained.Add(Windowed(message));
        }
    }

    /// <summary>Numbers and stores a batch, then windows and retains it; null when it could not be stored.</summary>
    private async Task<List<LiveMessage>?> AppendInOrderAsync(List<PendingAppend> batch, bool reloaded = false)
    {
        var first = _lastSeq + 1;
        var messages = batch.Select((append, i) => new LiveMessage(first + i, $"{_epoch}-{first + i}", append.At, append.Record)).ToList();
        try
        {
            if (!await history.AppendAsync(_key, _epoch, messages, CancellationToken.None))
            {
                // The stored stream moved on without this activation: a restore gave it a new epoch, or (rarely)
                // another activation wrote to it. Take up what is stored and try once more; if it moves again, step
                // aside so the next call finds one consistent owner.
                LogStoreMovedOn(logger, _key);
                if (!reloaded)
                {
                    await LoadHistoryAsync(CancellationToken.None);
                    return await AppendInOrderAsync(batch, reloaded: true);
                }

                DeactivateOnIdle();
                return null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down: refuse these messages rather than deliver any that a crash could take back.
            LogAppendFailed(logger, _key, ex);
            return null;
        }

        _lastSeq = messages[^1].Seq;
        for (var i = 0; i < messages.Count; i++)
        {
            messages[i] = Windowed(messages[i]);
            _retained.Add(messages[i]);
        }

        TrimRetained();
        return messages;
    }

    /// <summary>
    /// Hands a stored batch to the stream as one item: one call to the stream's queue per group commit, not one per
    /// message, and gateways get it in one delivery, which they unpack in order.
    /// </summary>
    private async Task FanOutAsync(List<LiveMessage> messages)
    {
        try
        {
            await _stream!.OnNextBatchAsync(messages).WaitAsync(FanOutTimeout);
        }
        catch (Exception ex)
        {
            // Stored is what counts: a stream queue lost with a crashed silo (which fails or hangs the call) must
            // neither fail an acknowledged publish nor hold up the next one. Gateways see the stream's position
            // move on and fill from the history; a late or repeated delivery is put in order or dropped by seq.
            LogFanOutFailed(logger, _key, messages[0].Seq, messages[^1].Seq, ex);
        }
    }

    /// <summary>The message with the window as it stands after it, built once here for every gateway and socket.</summary>
    private LiveMessage Windowed(LiveMessage message) =>
        message with { Windowed = _window.Add(message.Record, message.Timestamp) };

    private void TrimRetained()
    {
        var excess = _retained.Count - Options.RetainCount;
        if (excess > 0)
        {
            _retained.RemoveRange(0, excess);
        }

        var oldest = time.GetUtcNow() - Options.RetainAge;
        var expired = _retained.FindIndex(m => m.Timestamp >= oldest);
        _retained.RemoveRange(0, expired < 0 ? _retained.Count : expired);

        // An ack older than what is retained cannot be resumed from; forgetting it keeps the table bounded.
        var firstRetained = _retained.Count > 0 ? _retained[0].Seq : _lastSeq;
        var acks = state.State.Acks;
        foreach (var stale in acks.Where(a => a.Value < firstRetained - 1).Select(a => a.Key).ToList())
        {
            acks.Remove(stale);
            _dirty = true;
        }
    }

    private void EnsureTicking() =>
        _tick ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { KeepAlive = true, Interleave = true });

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var expired in _leases.Where(l => l.Value <= now).Select(l => l.Key).ToList())
        {
            _leases.Remove(expired);
        }

        if (_leases.Count > 0)
        {
            _lastViewerSeen = now;
            if (_producer.IsCompleted && _producerStop is null)
            {
                EnsureProducer();
            }
        }
        else if (now - _lastViewerSeen >= Options.Linger)
        {
            await StopProducerAsync();
        }

        if (_dirty && now - _lastFlush >= Options.StateFlushInterval)
        {
            TrimRetained();
            _dirty = false;
            _lastFlush = now;
            await state.WriteStateAsync(cancellationToken);
        }

        if (now - _lastTrim >= TrimPeriod)
        {
            _lastTrim = now;
            var keepFrom = _retained.Count > 0 ? _retained[0].Seq : _lastSeq + 1;
            await history.TrimAsync(_key, keepFrom - 1, now - Options.RetainAge, cancellationToken);
        }

        if (_leases.Count == 0 && _producerStop is null && !_dirty)
        {
            // Nothing to watch over: the grain goes, and its next activation reloads the history, which the store
            // forgets once it has been idle for RetainAge (so no activation keeps an epoch the store has dropped).
            _tick?.Dispose();
            _tick = null;
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live card {Route} producer failed; restarting while viewers remain")]
    private static partial void LogProducerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card stream {Key} producer did not stop within the grace period; left behind")]
    private static partial void LogProducerAbandoned(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live card stream {Key} producer stopped")]
    private static partial void LogProducerStopped(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Route} produced an invalid record, skipped: {Reason}")]
    private static partial void LogInvalidRecord(ILogger logger, string route, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Live card stream {Key} could not store a message; it was not delivered")]
    private static partial void LogAppendFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card stream {Key} stored seqs {First}-{Last} but could not hand them to the Orleans stream; gateways fill them from the history")]
    private static partial void LogFanOutFailed(ILogger logger, string key, long first, long last, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card stream {Key} moved on in the store; reloading it")]
    private static partial void LogStoreMovedOn(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Route} failed to handle a client message")]
    private static partial void LogClientMessageFailed(ILogger logger, string route, Exception exception);

    private sealed record PendingAppend(byte[] Record, DateTimeOffset At)
    {
        public TaskCompletionSource<LiveMessage?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
