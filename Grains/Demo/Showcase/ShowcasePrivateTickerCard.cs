using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_private_ticker", CardKinds.Number, Access = CardAccess.SignedIn, Title = "Private ticker: any signed-in user")]
internal sealed class ShowcasePrivateTickerCard(TimeProvider time) : LiveCard
{
    private const string Series = "showcase_private_ticker";

    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        var value = new RandomWalk(DemoRandom.ForDay(DemoDay.Today(time), Series), start: 500, step: 5, floor: 0);
        await foreach (var _ in LiveTicks.Every(TimeSpan.FromSeconds(1), time, context.CancellationToken))
        {
            yield return new NumberRecord(Math.Round(value.Next())) { Label = "Signed-in users only" };
        }
    }
}
