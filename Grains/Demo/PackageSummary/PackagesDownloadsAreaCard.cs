using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

[Card(DemoReports.PackageSummary, "packages_downloads_area", CardKinds.Area, Title = "Downloads per Day, last 30 days", CacheTtlSeconds = 60)]
internal sealed class PackagesDownloadsAreaCard(TimeProvider time) : HttpCard
{
    private const string Series = "packages_downloads_area";

    // Downloads come mostly from CI and work machines: growing, and about half as many at weekends.
    private static readonly PackageTrend[] Trends =
        [new(420, YearlyGrowth: 0.8, WeekendShare: 0.55, Sigma: 0.18), new(180, 0.6, 0.6, 0.22), new(650, 1.0, 0.7, 0.15)];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([PackageSeries.Daily(time, PackageSeries.Days(context), Series, Trends)]);
}
