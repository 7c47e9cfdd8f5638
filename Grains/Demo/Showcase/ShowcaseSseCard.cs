using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_sse", CardKinds.Line, Format = StreamFormats.Sse, Title = "Server-sent events")]
internal sealed class ShowcaseSseCard(TimeProvider time) : StreamingCard
{
    private const string Series = "showcase_sse";

    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        ShowcaseStream.PointsAsync(time, Series, context.CancellationToken);
}
