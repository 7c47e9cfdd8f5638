using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

[Card(DemoReports.PackageSummary, "packages_likes_bar", CardKinds.Bar, Title = "Stars per Day, last 365 days", CacheTtlSeconds = 60)]
internal sealed class PackagesLikesBarCard(TimeProvider time) : HttpCard
{
    private const string Series = "packages_likes_bar";

    // The example front end asks without a window and describes the card as a year of stars, so a year is the default.
    private const int DefaultDays = PackageSeries.MaxDays;

    // Stars come from people browsing, weekends included, and more as a project becomes known.
    private static readonly PackageTrend[] Trends =
        [new(6, YearlyGrowth: 0.5, WeekendShare: 0.8), new(3, 0.4, 0.8), new(2, 0.9, 0.8)];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>(
            [PackageSeries.Daily(time, PackageSeries.Days(context, DefaultDays), Series, Trends)]);
}
