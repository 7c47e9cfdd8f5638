using System.Diagnostics;

namespace Cereon.Bench.Measurement;

/// <summary>
/// The one receive-time clock shared by every socket of a run: a UTC reading taken once, advanced by the monotonic
/// <see cref="Stopwatch"/>. Sockets take a cheap <see cref="Stopwatch.GetTimestamp"/> on receipt, all on the same
/// scale, and no NTP step can land between two sockets' readings.
/// </summary>
internal sealed class ReceiveClock
{
    private readonly long _anchorTimestamp = Stopwatch.GetTimestamp();
    private readonly long _anchorUtcTicks = DateTime.UtcNow.Ticks;

    /// <summary>The UTC time, in <see cref="TimeSpan"/> ticks, of a <see cref="Stopwatch.GetTimestamp"/> reading.</summary>
    public long UtcTicks(long timestamp) => _anchorUtcTicks + Stopwatch.GetElapsedTime(_anchorTimestamp, timestamp).Ticks;
}
