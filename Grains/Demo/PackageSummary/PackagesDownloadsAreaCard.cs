using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.PackageSummary;

[Card(DemoReports.PackageSummary, "packages_downloads_area", CardKinds.Area, Title = "Package Downloads", CacheTtlSeconds = 60)]
internal sealed class PackagesDownloadsAreaCard(TimeProvider time) : HttpCard
{
    private const int Salt = 201;

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([PackageSeries.Daily(time, context, Salt, [420, 180, 650], 0.35)]);
}
