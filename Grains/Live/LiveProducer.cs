using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Records;
using Cereon.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Cereon.Grains.Live;

/// <summary>
/// The card code of a card stream: its producer, the card's own loop, run once for the cluster in its grain, and its
/// answers to client messages; each record flattened and appended to the stream. The producer is started and stopped
/// by its grain as viewers come and go, and restartable after a failure.
/// </summary>
internal sealed partial class LiveProducer(LiveCard card, string key, string topic, IServiceProvider services, TimeProvider time, Func<byte[], Task<LiveMessage?>> append, ILogger logger)
    : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    /// <summary>Started and neither stopped nor failed.</summary>
    public bool Running => _stop is not null;

    /// <summary>Its last run has ended (a run left behind by a stop that timed out may still be going).</summary>
    public bool Finished => _running.IsCompleted;

    public void Start(string paramsJson, CardCaller caller)
    {
        _stop = new CancellationTokenSource();
        _running = StartUntraced(new CardRequest(paramsJson, "GET", caller), _stop.Token);
        LiveMetrics.ProducersStarted.Add(1, CardMetrics.Card(card.Descriptor.Route));
    }

    public async Task StopAsync()
    {
        if (_stop is not { } stop)
        {
            return;
        }

        _stop = null;
        await stop.CancelAsync();
        try
        {
            await _running.WaitAsync(StopGrace);
            stop.Dispose();
        }
        catch (TimeoutException)
        {
            // Stuck handing a stored message to a stream queue that is shutting down with its silo. What it holds is
            // stored already, so waiting longer would only hold up the silo's shutdown (a rolling update).
            LogProducerAbandoned(logger, key);
        }
    }

    public void Dispose() => _stop?.Dispose();

    /// <summary>Has the card answer a client's message with records for the stream; null when done, else the error.</summary>
    public async Task<string?> HandleClientMessageAsync(string messageJson, string paramsJson, CardCaller caller)
    {
        if (!card.Descriptor.Live.AcceptsClientMessages)
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
            var context = CardContextFactory.Create(card, new CardRequest(paramsJson, "GET", caller), services, CancellationToken.None, topic);
            records = await card.OnClientMessageAsync(context, message);
        }
        catch (Exception ex)
        {
            // Card code: a failure is answered to the client as an error and logged, the socket stays open.
            LogClientMessageFailed(logger, card.Descriptor.Route, ex);
            return "The card could not handle the message.";
        }

        foreach (var record in records)
        {
            var (wire, error) = RecordWriter.Flatten(record, card.Descriptor, null);
            if (wire is null)
            {
                return $"The card produced an invalid record: {error}";
            }

            if (await append(RecordWriter.ToJson(wire)) is null)
            {
                return "The record could not be stored; retry.";
            }
        }

        return null;
    }

    /// <summary>
    /// Starts the producer outside the caller's trace: it serves every viewer for as long as there are any, so it must
    /// not run in the trace of whichever subscribe happened to start it, or every message it ever produces would join
    /// that one trace. The async method keeps the ambient activity it starts with; the caller's is restored at once.
    /// </summary>
    private Task StartUntraced(CardRequest request, CancellationToken stopping)
    {
        var caller = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        try
        {
            return RunAsync(request, stopping);
        }
        finally
        {
            System.Diagnostics.Activity.Current = caller;
        }
    }

    private async Task RunAsync(CardRequest request, CancellationToken stopping)
    {
        var context = CardContextFactory.Create(card, request, services, stopping, topic);
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

                await append(RecordWriter.ToJson(wire));
            }
        }
        catch (Exception ex) when (stopping.IsCancellationRequested)
        {
            // Whatever a stopping producer runs into (cancellation, or a store or stream going down with its silo
            // under a producer that outlived its stop grace) is the stop itself, not a failure.
            LogProducerStopped(logger, key, ex);
        }
        catch (Exception ex)
        {
            // Card code: log it; the next tick restarts the producer while viewers remain.
            LogProducerFailed(logger, card.Descriptor.Route, ex);
            _stop?.Dispose();
            _stop = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live card {Route} producer failed; restarting while viewers remain")]
    private static partial void LogProducerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card stream {Key} producer did not stop within the grace period; left behind")]
    private static partial void LogProducerAbandoned(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live card stream {Key} producer stopped")]
    private static partial void LogProducerStopped(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Route} failed to handle a client message")]
    private static partial void LogClientMessageFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Route} produced an invalid record, skipped: {Reason}")]
    private static partial void LogInvalidRecord(ILogger logger, string route, string reason);
}
