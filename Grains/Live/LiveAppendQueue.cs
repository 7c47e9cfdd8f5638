using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Cereon.Grains.Live;

/// <summary>
/// The group commit of a card stream. The producer, publishes and client messages interleave (the grain is
/// reentrant); they queue here and one flush at a time has the log number and store everything queued, so no two
/// appends claim the same seq and concurrent publishes cost one store round trip together instead of one each. Runs on
/// its grain's scheduler.
/// </summary>
internal sealed partial class LiveAppendQueue(
    string key,
    Func<IReadOnlyList<(byte[] Record, DateTimeOffset At)>, Task<IReadOnlyList<LiveMessage>?>> store,
    IAsyncStream<LiveMessage> stream,
    int maxBatch,
    ILogger logger)
{
    private static readonly TimeSpan HandOnTimeout = TimeSpan.FromSeconds(2);
    private readonly List<Pending> _pending = [];
    private bool _flushing;

    /// <summary>The hand-off of the last stored batch, which the next one waits for so the stream stays in seq order.</summary>
    public Task HandingOn { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Queues a record made at <paramref name="at"/>; answers its message once stored, or null when it could not be
    /// stored (nothing is sent then).
    /// </summary>
    public Task<LiveMessage?> AppendAsync(byte[] record, DateTimeOffset at)
    {
        var append = new Pending(record, at);
        _pending.Add(append);
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }

        return append.Stored.Task;
    }

    /// <summary>Stores what is queued in batches, one at a time, until nothing is.</summary>
    private async Task FlushAsync()
    {
        try
        {
            while (_pending.Count > 0)
            {
                var batch = _pending.Take(maxBatch).ToList();
                _pending.RemoveRange(0, batch.Count);
                try
                {
                    // Answered once stored (durable), while the batch is handed on: storing the next batch overlaps
                    // handing on this one, so a flush cycle costs the slower of the two rather than their sum. One
                    // batch in flight at a time keeps the stream in seq order and a producer at most one batch ahead.
                    var stored = await store([.. batch.Select(p => (p.Record, p.At))]);
                    if (stored is not null)
                    {
                        await HandingOn;
                        HandingOn = HandOnAsync(stored);
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
    /// Hands a stored batch to the stream as one item: one call to the stream's queue per group commit, not one per
    /// message, and gateways get it in one delivery, which they unpack in order.
    /// </summary>
    private async Task HandOnAsync(IReadOnlyList<LiveMessage> messages)
    {
        try
        {
            await stream.OnNextBatchAsync(messages).WaitAsync(HandOnTimeout);
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
}
