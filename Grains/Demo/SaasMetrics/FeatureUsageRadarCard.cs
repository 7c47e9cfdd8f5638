using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.SaasMetrics;

[Card(DemoReports.SaasMetrics, "feature_usage_radar", CardKinds.Radar, Title = "Feature Usage", CacheTtlSeconds = 60)]
internal sealed class FeatureUsageRadarCard(TimeProvider time) : HttpCard
{
    private const string Series = "feature_usage_radar";
    private static readonly (string Subject, int Core, int Advanced)[] Features =
        [("Onboarding", 80, 60), ("Reporting", 70, 40), ("Integrations", 65, 55), ("API", 50, 30)];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var random = DemoRandom.ForDay(DemoDay.Today(time), Series);
        var points = Features.Select(f => new
        {
            subject = f.Subject, core = random.Around(f.Core, 0.1), advanced = random.Around(f.Advanced, 0.1),
        });
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new ChartRecord([.. points])]);
    }
}
