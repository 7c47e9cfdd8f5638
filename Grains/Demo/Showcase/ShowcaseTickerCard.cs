using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_ticker", CardKinds.Line, Title = "Ticker (10 updates a second)")]
internal sealed class ShowcaseTickerCard(TimeProvider time) : LiveCard
{
    private const string Series = "showcase_ticker";

    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        var price = new RandomWalk(DemoRandom.ForDay(DemoDay.Today(time), Series), start: 100, step: 0.5, floor: 1);
        await foreach (var _ in LiveTicks.Every(TimeSpan.FromMilliseconds(100), time, context.CancellationToken))
        {
            var point = new { date = DemoDay.Timestamp(time.GetUtcNow()), value = Math.Round(price.Next(), 2) };
            yield return new ChartRecord([point]);
        }
    }
}
