using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

[Card(DemoReports.PackageSummary, "packages_likes_bar", CardKinds.Bar, Title = "Stars per Day", CacheTtlSeconds = 60)]
internal sealed class PackagesLikesBarCard(TimeProvider time) : HttpCard
{
    private const int Salt = 203;

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([PackageSeries.Daily(time, context, Salt, [6, 3, 2], 1.0)]);
}
