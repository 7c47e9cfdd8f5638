using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "revenue_area_trend", CardKinds.Area, Title = "Cumulative Revenue", CacheTtlSeconds = 60)]
internal sealed class RevenueAreaTrendCard(TimeProvider time) : StreamingCard
{
    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        SaasSeries.Revenue(DemoDay.Today(time))
            .Chunk(SaasSeries.DaysPerRecord)
            .Select(week => new ChartRecord([.. week.Select(d => new
            {
                date = DemoDay.Format(d.Date), cumulative_mrr = d.Mrr, rolling_new = d.RollingNew,
            })]))
            .ToAsyncEnumerable();
}
