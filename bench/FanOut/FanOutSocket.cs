using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Cereon.Bench.Cli;
using Cereon.Bench.Measurement;

namespace Cereon.Bench.FanOut;

/// <summary>
/// One client socket with one subscription. Its receive loop stamps each complete message, checks its <c>seq</c>
/// against the previous one, and counts it when it lands in the window. Everything it sends (pong, ack) is sent
/// from that same loop, so sends never overlap without a lock.
/// </summary>
internal sealed class FanOutSocket : IDisposable
{
    /// <summary>Control and data messages are a few hundred bytes; the buffer grows for anything larger.</summary>
    private const int InitialBuffer = 2048;
    private const int MaxMessageBytes = 1024 * 1024;

    private static readonly byte[] Pong = """{"action":"pong"}"""u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly FanOutRecorder _recorder;
    private readonly string _subscriptionId;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = new byte[InitialBuffer];
    private long _lastSeq = -1;

    public FanOutSocket(string subscriptionId, FanOutRecorder recorder)
    {
        _subscriptionId = subscriptionId;
        _recorder = recorder;

        // No client keep-alive frames: the server's own heartbeat is part of what is measured, an extra one is not.
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public bool IsSubscribed => _subscribed.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the receive loop ends: at the end of the run, or earlier when the connection is lost.</summary>
    public Task Receiving { get; private set; } = Task.CompletedTask;

    /// <summary>Why the connection ended before the run did, if it did.</summary>
    public string? EndedEarly { get; private set; }

    public long Gaps { get; private set; }

    /// <summary>Messages skipped over by the gaps.</summary>
    public long Missing { get; private set; }

    public long Duplicates { get; private set; }

    public long Errors { get; private set; }

    public long WindowMessages { get; private set; }

    public long WindowBytes { get; private set; }

    public long WindowFirstSeq { get; private set; } = -1;

    public long WindowLastSeq { get; private set; } = -1;

    /// <summary>Connects, subscribes and returns once the server has answered <c>subscribed</c>.</summary>
    public async Task ConnectAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(uri, invoker, cancellationToken);
        var subscribe = Encoding.UTF8.GetBytes(
            $$"""{"action":"subscribe","subscriptionId":"{{_subscriptionId}}","topic":"default","ackPolicy":"auto"}""");
        await _socket.SendAsync(subscribe, WebSocketMessageType.Text, true, cancellationToken);
        Receiving = ReceiveLoopAsync();
        await _subscribed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the connection at once; the pending receive ends with an exception the loop expects.</summary>
    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();

    private async Task ReceiveLoopAsync()
    {
        var length = 0;
        try
        {
            while (true)
            {
                if (length == _buffer.Length)
                {
                    if (_buffer.Length >= MaxMessageBytes)
                    {
                        End($"a message over {MaxMessageBytes} bytes");
                        return;
                    }

                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                // No cancellation token: registering one on every receive costs more than the run ends with Abort().
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    End($"closed by the server with {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}".TrimEnd());
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                // Stamped before parsing, so parse time is not charged to the server.
                var received = Stopwatch.GetTimestamp();
                if (Handle(_buffer.AsSpan(0, length), received) is { } reply)
                {
                    await _socket.SendAsync(reply, WebSocketMessageType.Text, true, CancellationToken.None);
                }

                length = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            End(ex.Message);
        }
    }

    /// <summary>Accounts for one message and returns what to answer, if anything.</summary>
    private byte[]? Handle(ReadOnlySpan<byte> frame, long received)
    {
        var message = LiveMessage.Parse(frame);
        switch (message.Kind)
        {
            case LiveMessageKind.Data:
                Count(message, frame.Length, received);
                return _recorder.Ack && !message.Id.IsEmpty ? AckFor(message.Id) : null;
            case LiveMessageKind.Subscribed:
                _subscribed.TrySetResult();
                return null;
            case LiveMessageKind.Ping:
                return Pong;
            case LiveMessageKind.Refused:
                Errors++;
                _subscribed.TrySetException(new BenchFailure($"subscription_error: {Encoding.UTF8.GetString(message.Text)}"));
                return null;
            case LiveMessageKind.Error or LiveMessageKind.Invalid:
                Errors++;
                return null;
            default:
                return null;
        }
    }

    private void Count(LiveMessage message, int bytes, long received)
    {
        // The first message sets the baseline; after it, every seq must be the previous one plus one.
        var seq = message.Seq;
        if (_lastSeq >= 0 && seq != _lastSeq + 1)
        {
            if (seq <= _lastSeq)
            {
                Duplicates++;
            }
            else
            {
                Gaps++;
                Missing += seq - _lastSeq - 1;
            }
        }

        _lastSeq = Math.Max(_lastSeq, seq);
        if (!_recorder.InWindow(received))
        {
            return;
        }

        WindowMessages++;
        WindowBytes += bytes;
        WindowFirstSeq = WindowFirstSeq < 0 ? seq : WindowFirstSeq;
        WindowLastSeq = seq;
        if (message.HasTimestamp)
        {
            _recorder.RecordLatency(received, message.TimestampTicks);
        }
    }

    private byte[] AckFor(ReadOnlySpan<byte> messageId)
    {
        // Ids are "<epoch>-<seq>" and subscription ids are ours, so neither needs JSON escaping.
        var id = Encoding.UTF8.GetString(messageId);
        return Encoding.UTF8.GetBytes($$"""{"action":"ack","messageId":"{{id}}","subscriptionId":"{{_subscriptionId}}"}""");
    }

    private void End(string reason)
    {
        if (!_recorder.Stopping)
        {
            EndedEarly = reason;
        }

        _subscribed.TrySetException(new BenchFailure($"the connection ended before 'subscribed': {reason}"));
    }
}
