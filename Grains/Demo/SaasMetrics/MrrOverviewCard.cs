using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "mrr_overview", CardKinds.Number, Title = "Monthly Recurring Revenue", CacheTtlSeconds = 60)]
internal sealed class MrrOverviewCard(TimeProvider time) : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var series = SaasSeries.Revenue(DemoDay.Today(time));
        var record = NumberTrend.Of(series[^1].Mrr, series[^2].Mrr, "Monthly Recurring Revenue")
            with { Meta = new JsonObject { ["unit"] = "USD" } };
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([record]);
    }
}
