namespace Cereon.Bench.Ceiling;

/// <summary>
/// The ceiling's source: one point a tick on a sine around 100, and the last <see cref="CeilingFrames.WindowPoints"/>
/// points as the window each data message carries. The window starts full, back-dated one interval a point, as the
/// showcase ticker's is by the time anything subscribes: started empty, the ceiling sent messages a sixth smaller than
/// the gateway's through a 1,000-socket run (4.35 KB against 5.2–5.3 KB).
/// </summary>
internal sealed class CeilingTicker
{
    private readonly Queue<(DateTimeOffset At, double Value)> _window = new();

    public CeilingTicker(TimeSpan interval, DateTimeOffset start)
    {
        // The first tick comes one interval after the start, so the last point made up is the start's.
        for (var back = CeilingFrames.WindowPoints - 2; back >= 0; back--)
        {
            Add(start - (back * interval), -back);
        }
    }

    /// <summary>The last tick's seq: 0 before the first.</summary>
    public long Seq { get; private set; }

    public IReadOnlyCollection<(DateTimeOffset At, double Value)> Window => _window;

    public void Tick(DateTimeOffset now) => Add(now, ++Seq);

    private void Add(DateTimeOffset at, long n)
    {
        _window.Enqueue((at, Math.Round(100 + (10 * Math.Sin(n / 50.0)), 2)));
        if (_window.Count > CeilingFrames.WindowPoints)
        {
            _window.Dequeue();
        }
    }
}
