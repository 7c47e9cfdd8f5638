using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_delimited", CardKinds.Line, Format = StreamFormats.Delimited, Delimiter = "\n",
    Title = "Newline-delimited records")]
internal sealed class ShowcaseDelimitedCard(TimeProvider time) : StreamingCard
{
    private const int Salt = 302;

    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        ShowcaseStream.PointsAsync(time, Salt, context.CancellationToken);
}
