using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "health_radial", CardKinds.Radial, Title = "System Health", CacheTtlSeconds = 30)]
internal sealed class HealthRadialCard(TimeProvider time) : HttpCard
{
    private const string Series = "health_radial";

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var random = DemoRandom.ForDay(DemoDay.Today(time), Series);
        var point = new
        {
            online = random.Around(82, 0.1),
            degraded = random.Around(25, 0.2),
            offline = random.Around(49, 0.2),
            maintenance = random.Around(10, 0.3),
            unknown = random.Around(22, 0.3),
        };
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new ChartRecord([point])]);
    }
}
