using System.Runtime.CompilerServices;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

/// <summary>The records behind the streaming showcase cards, which differ only in their wire format.</summary>
internal static class ShowcaseStream
{
    private const int Records = 5;

    // Long enough for a client to see the records arrive one by one, short enough for a demo.
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(40);

    /// <summary>One point <c>{date, value}</c> per record for the last <see cref="Records"/> days.</summary>
    public static async IAsyncEnumerable<CardRecord> PointsAsync(
        TimeProvider time, string series, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var today = DemoDay.Today(time);
        var random = DemoRandom.ForDay(today, series);
        for (var i = 0; i < Records; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Gap, cancellationToken);
            }

            var date = today.AddDays(i + 1 - Records);
            yield return new ChartRecord([new { date = DemoDay.Format(date), value = random.Around(50, 0.4) }]);
        }
    }
}
