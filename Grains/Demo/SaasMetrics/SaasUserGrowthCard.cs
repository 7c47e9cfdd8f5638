using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "saas_user_growth", CardKinds.Number, Title = "Daily Active Users", CacheTtlSeconds = 60)]
internal sealed class SaasUserGrowthCard(TimeProvider time) : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var today = DemoDay.Today(time);
        var dau = SaasSeries.DailyActiveUsers(today);
        var record = NumberTrend.Of(dau, SaasSeries.DailyActiveUsers(today.AddDays(-1)), "Daily Active Users") with
        {
            // Typical SaaS stickiness: weekly users about 3.6 times, monthly about 11 times the daily ones.
            Meta = new JsonObject { ["unit"] = "users", ["dau"] = dau, ["wau"] = dau * 36 / 10, ["mau"] = dau * 11 },
        };
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([record]);
    }
}
