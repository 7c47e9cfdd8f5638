using Cereon.Grains.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

/// <summary>Daily per-package figures for the "Packages Overview" tab.</summary>
internal static class PackageSeries
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;
    private static readonly string[] Packages = ["cereon-dashboard", "cereon-recharts", "cereon-sdk"];

    /// <summary>The <c>days</c> parameter, held to 1..<see cref="MaxDays"/> so no caller gets an unbounded series.</summary>
    public static int Days(CardContext context) => Math.Clamp(context.GetInt32("days", DefaultDays), 1, MaxDays);

    /// <summary>
    /// One point per day up to today, each package's count within <paramref name="spread"/> of its
    /// <paramref name="typical"/> value (in <see cref="Packages"/> order). Each date has its own seed, so a
    /// date keeps its figures whatever window is asked for.
    /// </summary>
    public static ChartRecord Daily(
        TimeProvider time, CardContext context, int salt, ReadOnlySpan<int> typical, double spread)
    {
        var today = DemoDay.Today(time);
        var days = Days(context);
        var points = new List<object>(days);
        for (var date = today.AddDays(1 - days); date <= today; date = date.AddDays(1))
        {
            var random = DemoRandom.ForDay(date, salt);
            var point = new Dictionary<string, object> { ["date"] = DemoDay.Format(date) };
            for (var i = 0; i < Packages.Length; i++)
            {
                point[Packages[i]] = random.Around(typical[i], spread);
            }

            points.Add(point);
        }

        return new ChartRecord(points);
    }
}
