using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "churn_cohort", CardKinds.Table, Title = "Churn Cohort", CacheTtlSeconds = 60)]
internal sealed class ChurnCohortCard(TimeProvider time) : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var month = context.Filter(ChurnCohorts.MonthFilter);
        CohortRow[] rows = [.. ChurnCohorts.Rows(DemoDay.Today(time), ChurnCohorts.Count, month)];
        var record = new TableRecord(rows, ChurnCohorts.Columns) { TotalCount = rows.Length };
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([record]);
    }
}
