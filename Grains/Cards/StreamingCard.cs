using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Cards;

/// <summary>A card whose records stream to the client as they are produced (protocol.md §5).</summary>
public abstract class StreamingCard : Card
{
    private protected override string Transport => CardTransports.StreamingHttp;

    /// <summary>Yields records one at a time; <see cref="CardContext.CancellationToken"/> fires when the client leaves.</summary>
    public abstract IAsyncEnumerable<CardRecord> StreamAsync(CardContext context);
}
