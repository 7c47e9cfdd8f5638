using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Cereon.Tests.Grains.Demo.DemoCardsTests;

namespace Cereon.Tests.Grains.Demo;

/// <summary>
/// The package series as a person looking at the charts would judge them: figures that move from day to day without
/// marching in steps, fewer downloads and commits at weekends, and a title that promises the window the card returns.
/// </summary>
public sealed partial class DemoSeriesTests
{
    private static readonly string[] Packages = ["cereon-dashboard", "cereon-recharts", "cereon-sdk"];

    public static TheoryData<string, string> PackageSeries()
    {
        var series = new TheoryData<string, string>();
        foreach (var card in new[] { "packages_downloads_area", "packages_commits_line", "packages_likes_bar" })
        {
            foreach (var package in Packages)
            {
                series.Add(card, package);
            }
        }

        return series;
    }

    [Theory]
    [MemberData(nameof(PackageSeries))]
    public async Task PackageSeries_VariesFromDayToDay(string cardId, string package)
    {
        var values = await SeriesAsync(cardId, package, days: 30);

        Assert.True(values.Distinct().Count() >= 4, $"{cardId}/{package} takes too few values: {string.Join(',', values)}");
    }

    [Theory]
    [MemberData(nameof(PackageSeries))]
    public async Task PackageSeries_DoesNotMarchInSteps(string cardId, string package)
    {
        var values = await SeriesAsync(cardId, package, days: 120);

        // Figures drawn afresh each day rarely rise or fall eight days running (about 2 in 8! for each start), and
        // one day's figure says little about the next; figures from neighbouring seeds marched in steps, so each
        // day's figure all but fixed the next one's.
        Assert.True(LongestMonotoneRun(values) < 8, $"{cardId}/{package} runs in one direction: {string.Join(',', values)}");
        var correlation = NextDayCorrelation(values);
        Assert.True(correlation < 0.6, $"{cardId}/{package} follows from the day before (r = {correlation:F2}): {string.Join(',', values)}");
    }

    [Theory]
    [InlineData("packages_downloads_area")]
    [InlineData("packages_commits_line")]
    public async Task WorkPackageSeries_DipAtWeekends(string cardId)
    {
        var points = Points(Assert.Single(await RunAsync(cardId, """{"days":91}""")));

        foreach (var package in Packages)
        {
            var weekend = points.Where(IsWeekend).Average(p => Int(p[package]));
            var weekday = points.Where(p => !IsWeekend(p)).Average(p => Int(p[package]));
            Assert.True(weekend < weekday * 0.8, $"{cardId}/{package}: weekend {weekend:F1}, weekday {weekday:F1}");
        }
    }

    [Fact]
    public async Task Downloads_GrowOverTheYear()
    {
        var points = Points(Assert.Single(await RunAsync("packages_downloads_area", """{"days":365}""")));

        foreach (var package in Packages)
        {
            var first = points.Take(28).Average(p => Int(p[package]));
            var last = points.TakeLast(28).Average(p => Int(p[package]));
            Assert.True(last > first * 1.3, $"{package}: first four weeks {first:F0}, last four {last:F0}");
        }
    }

    [Theory]
    [InlineData("packages_downloads_area")]
    [InlineData("packages_commits_line")]
    [InlineData("packages_likes_bar")]
    public async Task PackageCard_TitlePromisesTheWindowItReturns(string cardId)
    {
        using var provider = BuildProvider();
        var title = Find(provider, cardId).Descriptor.Title!;
        var promised = PromisedDays().Match(title);
        Assert.True(promised.Success, $"'{title}' does not say how many days it shows");

        var points = Points(Assert.Single(await RunAsync(cardId)));

        Assert.Equal(int.Parse(promised.Groups[1].Value, CultureInfo.InvariantCulture), points.Count);
    }

    private static async Task<List<int>> SeriesAsync(string cardId, string package, int days) =>
        [.. Points(Assert.Single(await RunAsync(cardId, $$"""{"days":{{days}}}"""))).Select(p => Int(p[package]))];

    private static bool IsWeekend(JsonObject point) =>
        DateOnly.ParseExact((string)point["date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayOfWeek
            is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static int LongestMonotoneRun(List<int> values)
    {
        int longest = 1, rising = 1, falling = 1;
        for (var i = 1; i < values.Count; i++)
        {
            rising = values[i] > values[i - 1] ? rising + 1 : 1;
            falling = values[i] < values[i - 1] ? falling + 1 : 1;
            longest = Math.Max(longest, Math.Max(rising, falling));
        }

        return longest;
    }

    /// <summary>Pearson correlation of each day's figure with the next day's.</summary>
    private static double NextDayCorrelation(List<int> values)
    {
        var today = values.SkipLast(1).Select(v => (double)v).ToList();
        var tomorrow = values.Skip(1).Select(v => (double)v).ToList();
        double meanToday = today.Average(), meanTomorrow = tomorrow.Average();
        var covariance = today.Zip(tomorrow, (a, b) => (a - meanToday) * (b - meanTomorrow)).Sum();
        var spread = Math.Sqrt(today.Sum(a => (a - meanToday) * (a - meanToday)) * tomorrow.Sum(b => (b - meanTomorrow) * (b - meanTomorrow)));
        return spread == 0 ? 1 : covariance / spread;
    }

    [GeneratedRegex(@"last (\d+) days")]
    private static partial Regex PromisedDays();
}
