using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "revenue_share_pie", CardKinds.Pie, Title = "Revenue Share", CacheTtlSeconds = 60)]
internal sealed class RevenueSharePieCard(TimeProvider time) : HttpCard
{
    private const string Series = "revenue_share_pie";
    private static readonly (string Name, int Revenue)[] Sources =
        [("Product A", 56_000), ("Product B", 32_000), ("Service", 12_000), ("Channel", 8_000)];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var random = DemoRandom.ForDay(DemoDay.Today(time), Series);
        var points = Sources.Select(s => new { name = s.Name, value = random.Around(s.Revenue, 0.1) });
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new ChartRecord([.. points])]);
    }
}
