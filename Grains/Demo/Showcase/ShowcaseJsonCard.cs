using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_json", CardKinds.Line, Format = StreamFormats.Json, Title = "Chunked JSON array")]
internal sealed class ShowcaseJsonCard(TimeProvider time) : StreamingCard
{
    private const string Series = "showcase_json";

    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        ShowcaseStream.PointsAsync(time, Series, context.CancellationToken);
}
