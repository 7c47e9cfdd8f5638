using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_delimited", CardKinds.Line, Format = StreamFormats.Delimited, Delimiter = "\n",
    Title = "Newline-delimited records")]
internal sealed class ShowcaseDelimitedCard(TimeProvider time) : StreamingCard
{
    private const string Series = "showcase_delimited";

    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        ShowcaseStream.PointsAsync(time, Series, context.CancellationToken);
}
