using System.Diagnostics;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Cereon.Grains.Live;

/// <summary>
/// The group commit of a card stream. The producer, publishes and client messages interleave (the grain is
/// reentrant); they queue here, and whatever has queued goes to the store as one batch as soon as fewer than
/// <c>maxInFlight</c> batches are on their way there, so concurrent publishes cost one store round trip together
/// instead of one each, and the next batch's round trip overlaps the current one's commit. Batches are numbered in the
/// order they are sent and finished in that order, so no two appends claim the same seq and the stream stays in seq
/// order. Runs on its grain's scheduler.
/// </summary>
internal sealed partial class LiveAppendQueue(
    string key,
    Func<IReadOnlyList<(byte[] Record, DateTimeOffset At)>, Func<Task<IReadOnlyList<LiveMessage>?>>> begin,
    Func<IReadOnlyList<LiveMessage>, Task> handOn,
    int maxBatch,
    int maxInFlight,
    ILogger logger)
{
    private static readonly TimeSpan HandOnTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Stored batches that may wait to be handed on before the store waits for them: a bound on what queues.</summary>
    private const int MaxHandOffsBehind = 4;
    private readonly KeyValuePair<string, object?> _card = CardMetrics.Card(LiveCardKeys.RouteOf(key));
    private readonly List<Pending> _pending = [];
    private readonly Queue<InFlight> _inFlight = new();
    private bool _finishing;
    private int _handOffs;

    /// <summary>The hand-off of the last stored batch, which the next one follows so the stream stays in seq order.</summary>
    public Task HandingOn { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Queues a record made at <paramref name="at"/>; answers its message once stored, or null when it could not be
    /// stored (nothing is sent then).
    /// </summary>
    public Task<LiveMessage?> AppendAsync(byte[] record, DateTimeOffset at)
    {
        var append = new Pending(record, at);
        _pending.Add(append);
        Send();
        return append.Stored.Task;
    }

    /// <summary>Sends what is queued to the store, in batches, while there is room on the way.</summary>
    private void Send()
    {
        while (_pending.Count > 0 && _inFlight.Count < maxInFlight)
        {
            var batch = _pending.Take(maxBatch).ToList();
            _pending.RemoveRange(0, batch.Count);
            _inFlight.Enqueue(new InFlight(batch, begin([.. batch.Select(p => (p.Record, p.At))]), Stopwatch.GetTimestamp()));
        }

        if (!_finishing && _inFlight.Count > 0)
        {
            _finishing = true;
            _ = FinishAsync();
        }
    }

    /// <summary>Finishes the batches on their way in the order they were sent, until none is.</summary>
    private async Task FinishAsync()
    {
        try
        {
            while (_inFlight.TryPeek(out var flight))
            {
                try
                {
                    // Answered once stored (durable), and the next batch sent, without waiting for the batches
                    // before it to reach the stream: hand-offs queue behind one another, which keeps the stream in
                    // seq order, and only when several are behind does the store wait for them.
                    var stored = await flight.Finish();
                    LiveMetrics.AppendBatch.Record(flight.Batch.Count, _card);
                    LiveMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(flight.Sent).TotalSeconds, _card);
                    if (stored is not null)
                    {
                        if (_handOffs >= MaxHandOffsBehind)
                        {
                            await HandingOn;
                        }

                        HandingOn = HandOnAfterAsync(HandingOn, stored);
                    }

                    for (var i = 0; i < flight.Batch.Count; i++)
                    {
                        flight.Batch[i].Stored.TrySetResult(stored?[i]);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var append in flight.Batch)
                    {
                        append.Stored.TrySetException(ex);
                    }
                }

                _inFlight.Dequeue();
                Send();
            }
        }
        finally
        {
            _finishing = false;
        }
    }

    /// <summary>Hands a stored batch on once the batches stored before it have been.</summary>
    private async Task HandOnAfterAsync(Task before, IReadOnlyList<LiveMessage> messages)
    {
        _handOffs++;
        try
        {
            await before;
            await HandOnAsync(messages);
        }
        finally
        {
            _handOffs--;
        }
    }

    /// <summary>
    /// Hands a stored batch to the stream as one item: one call to the stream's queue per group commit, not one per
    /// message, and gateways get it in one delivery, which they unpack in order.
    /// </summary>
    private async Task HandOnAsync(IReadOnlyList<LiveMessage> messages)
    {
        try
        {
            await handOn(messages).WaitAsync(HandOnTimeout);
        }
        catch (Exception ex)
        {
            // Stored is what counts: a stream queue lost with a crashed silo (which fails or hangs the call) must
            // neither fail an acknowledged publish nor hold up the next one. Gateways see the stream's position
            // move on and fill from the history; a late or repeated delivery is put in order or dropped by seq.
            LogFanOutFailed(logger, key, messages[0].Seq, messages[^1].Seq, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card stream {Key} stored seqs {First}-{Last} but could not hand them to the Orleans stream; gateways fill them from the history")]
    private static partial void LogFanOutFailed(ILogger logger, string key, long first, long last, Exception exception);

    private sealed record Pending(byte[] Record, DateTimeOffset At)
    {
        public TaskCompletionSource<LiveMessage?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record InFlight(List<Pending> Batch, Func<Task<IReadOnlyList<LiveMessage>?>> Finish, long Sent);
}
