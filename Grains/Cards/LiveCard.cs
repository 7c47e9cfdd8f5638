using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Cards;

/// <summary>
/// A card pushed to WebSocket subscribers (protocol.md §6). Its producer runs once in the cluster for each
/// topic and parameter set while anyone watches, and its records fan out to every subscriber.
/// </summary>
public abstract class LiveCard : Card
{
    private protected override string Transport => CardTransports.WebSocket;

    /// <summary>Yields updates for as long as <see cref="CardContext.CancellationToken"/> has not fired.</summary>
    public abstract IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context);
}
