using Cereon.Grains.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

/// <summary>Daily per-package figures for the "Packages Overview" tab.</summary>
internal static class PackageSeries
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;

    /// <summary>The date on which each <see cref="PackageTrend.WeekdayLevel"/> holds; figures grow from there.</summary>
    public static readonly DateOnly Anchor = new(2026, 1, 1);

    public static IReadOnlyList<string> Packages { get; } = ["cereon-dashboard", "cereon-recharts", "cereon-sdk"];

    /// <summary>
    /// The <c>days</c> parameter, held to 1..<see cref="MaxDays"/> so no caller gets an unbounded series;
    /// <paramref name="defaultDays"/> when the caller sends none.
    /// </summary>
    public static int Days(CardContext context, int defaultDays = DefaultDays) =>
        Math.Clamp(context.GetInt32("days", defaultDays), 1, MaxDays);

    /// <summary>
    /// One point per day for the last <paramref name="days"/> days up to today, one figure per package drawn from
    /// its <paramref name="trends"/> entry (in <see cref="Packages"/> order). Each date and package has its own seed,
    /// so a date keeps its figures whatever window is asked for, and the packages vary independently.
    /// </summary>
    public static ChartRecord Daily(TimeProvider time, int days, string series, IReadOnlyList<PackageTrend> trends)
    {
        var today = DemoDay.Today(time);
        var points = new List<object>(days);
        for (var date = today.AddDays(1 - days); date <= today; date = date.AddDays(1))
        {
            var point = new Dictionary<string, object> { ["date"] = DemoDay.Format(date) };
            for (var i = 0; i < Packages.Count; i++)
            {
                point[Packages[i]] = trends[i].Draw(date, DemoRandom.ForDay(date, $"{series}/{Packages[i]}"));
            }

            points.Add(point);
        }

        return new ChartRecord(points);
    }
}
