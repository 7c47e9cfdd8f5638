using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "revenue_trend", CardKinds.Line, Title = "Revenue Trend", CacheTtlSeconds = 60)]
internal sealed class RevenueTrendCard(TimeProvider time) : StreamingCard
{
    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        SaasSeries.Revenue(DemoDay.Today(time))
            .Chunk(SaasSeries.DaysPerRecord)
            .Select(week => new ChartRecord([.. week.Select(d => new
            {
                date = DemoDay.Format(d.Date), mrr = d.Mrr, @new = d.New, expansion = d.Expansion,
            })]))
            .ToAsyncEnumerable();
}
