using System.Diagnostics;
using Cereon.Bench.Measurement;

namespace Cereon.Bench.FanOut;

/// <summary>
/// What every socket of one run shares: the receive clock, the latency histogram, and the measured window. The window
/// is two <see cref="Stopwatch"/> readings fixed in advance, so each socket decides by its own receipt time whether a
/// message counts; there is no flag flipped at a moment some sockets would see late.
/// </summary>
internal sealed class FanOutRecorder(bool ack)
{
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private volatile bool _stopping;

    public ReceiveClock Clock { get; } = new();

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Whether sockets acknowledge each data message.</summary>
    public bool Ack { get; } = ack;

    /// <summary>Set once the run is over and sockets are being aborted: their errors from then on are expected.</summary>
    public bool Stopping => _stopping;

    /// <summary>Opens the window <paramref name="warmUp"/> from now, for <paramref name="length"/>.</summary>
    public void OpenWindow(TimeSpan warmUp, TimeSpan length)
    {
        var start = Stopwatch.GetTimestamp() + ToStopwatchTicks(warmUp);
        Volatile.Write(ref _windowEnd, start + ToStopwatchTicks(length));
        Volatile.Write(ref _windowStart, start);
    }

    public bool InWindow(long timestamp) =>
        timestamp >= Volatile.Read(ref _windowStart) && timestamp < Volatile.Read(ref _windowEnd);

    /// <summary>Records the delay from the producer's stamp to <paramref name="receivedTimestamp"/>.</summary>
    public void RecordLatency(long receivedTimestamp, long producedUtcTicks) =>
        Latency.Record((Clock.UtcTicks(receivedTimestamp) - producedUtcTicks) / TimeSpan.TicksPerMicrosecond);

    public void Stop() => _stopping = true;

    private static long ToStopwatchTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
