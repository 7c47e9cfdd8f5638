using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

[Card(DemoReports.PackageSummary, "packages_commits_line", CardKinds.Line, Title = "Commits per Day, last 30 days", CacheTtlSeconds = 60)]
internal sealed class PackagesCommitsLineCard(TimeProvider time) : HttpCard
{
    private const string Series = "packages_commits_line";

    // A few commits on a working day, hardly any at weekends.
    private static readonly PackageTrend[] Trends =
        [new(4.5, YearlyGrowth: 0.1, WeekendShare: 0.25), new(2.2, 0, 0.3), new(3.5, 0.2, 0.2)];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([PackageSeries.Daily(time, PackageSeries.Days(context), Series, Trends)]);
}
