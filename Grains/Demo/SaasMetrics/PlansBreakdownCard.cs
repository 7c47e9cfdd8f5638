using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "plans_breakdown", CardKinds.Bar, Title = "Plans Breakdown", CacheTtlSeconds = 60)]
internal sealed class PlansBreakdownCard(TimeProvider time) : HttpCard
{
    private const string Series = "plans_breakdown";
    private static readonly (string Name, int Users, int SeatsPerUser)[] Plans =
        [("Free", 1200, 1), ("Startup", 800, 3), ("Growth", 420, 6), ("Enterprise", 80, 20)];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var random = DemoRandom.ForDay(DemoDay.Today(time), Series);
        var points = Plans.Select(p =>
        {
            var users = random.Around(p.Users, 0.1);
            return new { plan = p.Name, active_users = users, seats = users * p.SeatsPerUser };
        });
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new ChartRecord([.. points])]);
    }
}
