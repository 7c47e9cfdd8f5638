using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

[Card(DemoReports.PackageSummary, "packages_commits_line", CardKinds.Line, Title = "Commits per Day", CacheTtlSeconds = 60)]
internal sealed class PackagesCommitsLineCard(TimeProvider time) : HttpCard
{
    private const int Salt = 202;

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([PackageSeries.Daily(time, context, Salt, [4, 2, 3], 1.0)]);
}
