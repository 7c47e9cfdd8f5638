using System.Text.Json;
using System.Text.Json.Nodes;
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
    CardRegistry registry,
    IServiceProvider services,
    TimeProvider time,
    IOptions<LiveCardOptions> options,
    ILogger<LiveCardGrain> logger) : Grain, ILiveCardGrain, IDisposable
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, DateTimeOffset> _leases = [];
    private string _key = string.Empty;
    private LiveCard? _card;
    private IAsyncStream<LiveMessage>? _stream;
    private CancellationTokenSource? _producerStop;
    private Task _producer = Task.CompletedTask;
    private string _paramsJson = "{}";
    private string _topic = LiveCardKeys.DefaultTopic;
    private DateTimeOffset _lastViewerSeen;
    private DateTimeOffset _lastFlush;
    private bool _dirty;
    private IGrainTimer? _tick;

    private LiveCardOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        _card = registry.TryGet(LiveCardKeys.RouteOf(_key), out var card) ? card as LiveCard : null;
        _stream = this.GetStreamProvider(LiveStreams.ProviderName)
            .GetStream<LiveMessage>(StreamId.Create(LiveStreams.Namespace, _key));

        // History written by an activation that did not end cleanly may lag what clients saw: start a new epoch so
        // no client trusts a seq that could now be reused.
        if (!state.RecordExists || !state.State.ClosedCleanly || state.State.Epoch.Length == 0)
        {
            state.State.Epoch = Guid.NewGuid().ToString("N")[..12];
            state.State.Retained.Clear();
            state.State.Acks.Clear();
        }

        state.State.ClosedCleanly = false;
        await state.WriteStateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopProducerAsync();
        state.State.ClosedCleanly = true;
        await state.WriteStateAsync(cancellationToken);
    }

    public void Dispose() => _producerStop?.Dispose();

    public Task<LiveSubscription> SubscribeAsync(LiveSubscribeRequest request)
    {
        if (_card is null)
        {
            return Task.FromResult(LiveSubscription.Refused("No live card is served here."));
        }

        if (_card.Descriptor.Topics.Count > 0 && !_card.Descriptor.Topics.Contains(request.Topic))
        {
            return Task.FromResult(LiveSubscription.Refused($"Unknown topic '{request.Topic}'."));
        }

        _paramsJson = request.ParamsJson;
        _topic = request.Topic;
        Lease(request.GatewayId);
        EnsureProducer();

        var history = state.State;
        long? after = request.ResumeSeq
            ?? (history.Acks.TryGetValue(request.SubscriptionId, out var acked) ? acked : null);
        if (after is { } resumeAfter && CanResume(resumeAfter, request.Epoch ?? history.Epoch))
        {
            LiveMetrics.Resumes.Add(1, new KeyValuePair<string, object?>("recovered", true));
            return Task.FromResult(new LiveSubscription(history.Epoch, true, [.. history.Retained.Where(m => m.Seq > resumeAfter)], null, history.LastSeq));
        }

        if (after is not null)
        {
            LiveMetrics.Resumes.Add(1, new KeyValuePair<string, object?>("recovered", false));
        }

        return Task.FromResult(new LiveSubscription(history.Epoch, false, history.Retained.Count > 0 ? [history.Retained[^1]] : [], null, history.LastSeq));
    }

    public Task RenewLeaseAsync(string gatewayId)
    {
        if (_card is not null)
        {
            Lease(gatewayId);
            EnsureProducer();
        }

        return Task.CompletedTask;
    }

    public Task ReleaseLeaseAsync(string gatewayId)
    {
        _leases.Remove(gatewayId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LiveMessage>> GetAfterAsync(long seq) =>
        Task.FromResult<IReadOnlyList<LiveMessage>>([.. state.State.Retained.Where(m => m.Seq > seq)]);

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
        if (_card is null)
        {
            return PublishResult.Refused("No live card is served here.");
        }

        var (wire, error) = PublishedRecord.Complete(recordJson, _card.Descriptor);
        if (wire is null)
        {
            return PublishResult.Refused(error!);
        }

        _paramsJson = paramsJson;
        var message = await AppendAsync(RecordWriter.ToJson(wire), durable: true);
        return new PublishResult(message.Seq, message.Id, state.State.Epoch, null);
    }

    public async Task<string?> HandleClientMessageAsync(string messageJson, string paramsJson, CardCaller caller)
    {
        if (_card is null || !_card.Descriptor.AcceptsClientMessages)
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

            await AppendAsync(RecordWriter.ToJson(wire), durable: true);
        }

        return null;
    }

    private bool CanResume(long after, string epoch)
    {
        var history = state.State;
        if (epoch != history.Epoch || after > history.LastSeq)
        {
            return false;
        }

        // Resumable when nothing after the resume point has been trimmed away.
        var oldestRetained = history.Retained.Count > 0 ? history.Retained[0].Seq : history.LastSeq + 1;
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
        if (_card is null || _producerStop is not null)
        {
            return;
        }

        _producerStop = new CancellationTokenSource();
        _producer = RunProducerAsync(_card, _producerStop.Token);
        LiveMetrics.ProducersStarted.Add(1);
    }

    private async Task RunProducerAsync(LiveCard card, CancellationToken stopping)
    {
        var context = CardContextFactory.Create(card, new CardRequest(_paramsJson, "GET", CardCaller.Anonymous), services, stopping, _topic);
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

                await AppendAsync(RecordWriter.ToJson(wire), durable: false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogProducerStopped(logger, _key);
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
        if (_producerStop is not { } stop)
        {
            return;
        }

        _producerStop = null;
        await stop.CancelAsync();
        await _producer;
        stop.Dispose();
    }

    private async Task<LiveMessage> AppendAsync(byte[] record, bool durable)
    {
        var history = state.State;
        var seq = ++history.LastSeq;
        var message = new LiveMessage(seq, $"{history.Epoch}-{seq}", time.GetUtcNow(), record);
        history.Retained.Add(message);
        Trim(history);
        if (durable)
        {
            await state.WriteStateAsync();
            _lastFlush = time.GetUtcNow();
        }
        else
        {
            _dirty = true;
        }

        await _stream!.OnNextAsync(message);
        return message;
    }

    private void Trim(LiveCardState history)
    {
        var excess = history.Retained.Count - Options.RetainCount;
        if (excess > 0)
        {
            history.Retained.RemoveRange(0, excess);
        }

        var oldest = time.GetUtcNow() - Options.RetainAge;
        var expired = history.Retained.FindIndex(m => m.Timestamp >= oldest);
        history.Retained.RemoveRange(0, expired < 0 ? history.Retained.Count : expired);

        // An ack older than what is retained cannot be resumed from; forgetting it keeps the table bounded.
        var firstRetained = history.Retained.Count > 0 ? history.Retained[0].Seq : history.LastSeq;
        foreach (var stale in history.Acks.Where(a => a.Value < firstRetained - 1).Select(a => a.Key).ToList())
        {
            history.Acks.Remove(stale);
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
            _dirty = false;
            _lastFlush = now;
            Trim(state.State);
            await state.WriteStateAsync(cancellationToken);
        }

        if (_leases.Count == 0 && _producerStop is null && !_dirty)
        {
            // Nothing to watch over: let the grain be collected when idle.
            _tick?.Dispose();
            _tick = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live card {Route} producer failed; restarting while viewers remain")]
    private static partial void LogProducerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live card stream {Key} producer stopped")]
    private static partial void LogProducerStopped(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Route} produced an invalid record, skipped: {Reason}")]
    private static partial void LogInvalidRecord(ILogger logger, string route, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Route} failed to handle a client message")]
    private static partial void LogClientMessageFailed(ILogger logger, string route, Exception exception);
}
