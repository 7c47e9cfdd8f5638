using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "churn_cohort_stream", CardKinds.Table, Title = "Churn Cohort (streamed)", CacheTtlSeconds = 60)]
internal sealed class ChurnCohortStreamCard(TimeProvider time) : StreamingCard
{
    private const int StreamedCohorts = 3;

    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        ChurnCohorts.Rows(DemoDay.Today(time), StreamedCohorts, context.Filter(ChurnCohorts.MonthFilter))
            .Select(row => new TableRecord([row], ChurnCohorts.Columns))
            .ToAsyncEnumerable();
}
