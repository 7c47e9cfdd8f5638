using System.Runtime.CompilerServices;

namespace Cereon.Grains.Demo;

/// <summary>The clock of the demo's live cards.</summary>
internal static class LiveTicks
{
    /// <summary>
    /// Ticks at once, so a new subscriber is not left waiting for a first update, then once per
    /// <paramref name="period"/>. Ends by throwing <see cref="OperationCanceledException"/> when the token fires.
    /// </summary>
    public static async IAsyncEnumerable<int> Every(
        TimeSpan period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var tick = 0; ; tick++)
        {
            yield return tick;
            await Task.Delay(period, cancellationToken);
        }
    }
}
