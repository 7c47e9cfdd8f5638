using System.Runtime.CompilerServices;

namespace Cereon.Grains.Demo;

/// <summary>The clock of the demo's live cards.</summary>
internal static class LiveTicks
{
    /// <summary>
    /// Ticks at once, so a new subscriber is not left waiting for a first update, then at a fixed rate of one per
    /// <paramref name="period"/>: the time the consumer takes over a tick does not stretch the period, as a delay
    /// after each tick would (a ticker promising 10 updates a second gave 8.6 while fanning out to 10,000 sockets).
    /// A consumer slower than the period gets the next tick at once, without a backlog. Ends by throwing
    /// <see cref="OperationCanceledException"/> when the token fires.
    /// </summary>
    public static async IAsyncEnumerable<int> Every(
        TimeSpan period, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        for (var tick = 0; ; tick++)
        {
            yield return tick;
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
