using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "live_active_users", CardKinds.Number, Title = "Active Users (live)")]
internal sealed class LiveActiveUsersCard(TimeProvider time) : LiveCard
{
    private const string Series = "live_active_users";

    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        var users = new RandomWalk(DemoRandom.ForDay(DemoDay.Today(time), Series), start: 320, step: 12, floor: 0);
        var previous = Math.Round(users.Current);
        await foreach (var _ in LiveTicks.Every(TimeSpan.FromSeconds(1), time, context.CancellationToken))
        {
            var current = Math.Round(users.Next());
            yield return NumberTrend.Of(current, previous, "Active Users");
            previous = current;
        }
    }
}
