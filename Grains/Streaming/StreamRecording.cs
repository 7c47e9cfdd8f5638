using System.Runtime.CompilerServices;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Streaming;

/// <summary>
/// One handler run's batches and the readers that stream them: each reader gets every batch from the first, as soon
/// as it is appended, then the end. A kept recording (a card with a TTL) holds every batch for readers still to come;
/// otherwise a batch is dropped once read and the producer waits while its one reader is <see cref="MaxUnread"/>
/// batches behind. The run is cancelled when its last reader leaves before the end.
/// </summary>
// Used only by turns of its grain's activation (the producer and every reader), so it needs no locks.
internal sealed class StreamRecording(bool kept) : IDisposable
{
    private const int MaxUnread = 16;

    private readonly List<StreamBatch?> _batches = [];
    private readonly CancellationTokenSource _run = new();
    private TaskCompletionSource _appended = NewSignal();
    private TaskCompletionSource? _room;
    private int _readers;
    private int _waiting;
    private int _consumed;

    /// <summary>Fires when every reader left before the end; the handler's cancellation token.</summary>
    public CancellationToken Cancellation => _run.Token;

    public bool IsAbandoned => _run.IsCancellationRequested;

    public bool IsComplete { get; private set; }

    public string? Error { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>
    /// Adds a batch; returns once readers waiting for it have had a turn to take it, and (unkept) once there is room.
    /// </summary>
    public ValueTask AppendAsync(StreamBatch batch)
    {
        var waiting = _waiting > 0;
        Add(batch);
        if (!kept && _batches.Count - _consumed > MaxUnread)
        {
            _room ??= NewSignal();
            return new ValueTask(_room.Task.WaitAsync(_run.Token));
        }

        // Without a waiting reader the producer goes on at once: every turn given up costs a thread hop.
        return waiting ? Yield() : ValueTask.CompletedTask;
    }

    public void Complete(StreamBatch? tail, string? error)
    {
        if (tail is not null)
        {
            Add(tail);
        }

        IsComplete = true;
        Error = error;
        Signal();
    }

    /// <summary>Every batch as one, flagged last: for a kept recording that ended well.</summary>
    public StreamBatch Whole()
    {
        if (_batches.Count == 1)
        {
            return _batches[0]! with { IsLast = true };
        }

        var records = new byte[_batches.Sum(b => b!.Records.Length)];
        var ends = new List<int>(_batches.Sum(b => b!.Count));
        var offset = 0;
        foreach (var batch in _batches)
        {
            batch!.Records.CopyTo(records, offset);
            ends.AddRange(batch.Ends.Select(end => end + offset));
            offset += batch.Records.Length;
        }

        return new StreamBatch(records, [.. ends], null, true);
    }

    public async IAsyncEnumerable<StreamBatch> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _readers++;
        try
        {
            var next = 0;
            while (true)
            {
                if (next < _batches.Count)
                {
                    var batch = _batches[next]!;
                    Consumed(++next);
                    var last = IsComplete && next == _batches.Count;
                    yield return last ? batch with { Error = Error, IsLast = true } : batch;
                    if (last)
                    {
                        yield break;
                    }
                }
                else if (IsComplete)
                {
                    yield return new StreamBatch([], [], Error, true);
                    yield break;
                }
                else
                {
                    _waiting++;
                    try
                    {
                        await _appended.Task.WaitAsync(cancellationToken);
                    }
                    finally
                    {
                        _waiting--;
                    }
                }
            }
        }
        finally
        {
            if (--_readers == 0 && !IsComplete)
            {
                _run.Cancel();
            }
        }
    }

    /// <summary>Releases the run's cancellation once the producer is done with it.</summary>
    public void Dispose() => _run.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async ValueTask Yield() => await Task.Yield();

    private void Add(StreamBatch batch)
    {
        _batches.Add(batch);
        Bytes += batch.Records.Length + (sizeof(int) * batch.Count);
        Signal();
    }

    private void Signal()
    {
        var appended = _appended;
        _appended = NewSignal();
        appended.TrySetResult();
    }

    private void Consumed(int count)
    {
        if (kept)
        {
            return;
        }

        // Unkept recordings have one reader: what it has read is needed by nobody.
        _batches[count - 1] = null;
        _consumed = count;
        if (_room is { } room && _batches.Count - _consumed <= MaxUnread)
        {
            _room = null;
            room.TrySetResult();
        }
    }
}
