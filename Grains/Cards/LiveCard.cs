using System.Text.Json.Nodes;
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

    /// <summary>True when the card overrides <see cref="OnClientMessageAsync"/>.</summary>
    protected override bool AcceptsClientMessages =>
        GetType().GetMethod(nameof(OnClientMessageAsync))!.DeclaringType != typeof(LiveCard);

    /// <summary>
    /// The points each message carries besides the newest record (protocol.md §6): default
    /// <see cref="LiveWindow.Default"/>. Override for a longer or shorter history, or <see cref="LiveWindow.None"/>
    /// when every record is complete on its own.
    /// </summary>
    public virtual LiveWindow Window => LiveWindow.Default;

    /// <summary>Yields updates for as long as <see cref="CardContext.CancellationToken"/> has not fired.</summary>
    public abstract IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context);

    /// <summary>
    /// Handles a client message that is not one of the protocol's own actions. The records returned are published
    /// to every subscriber of the stream. Override to accept client messages; by default they are refused.
    /// </summary>
    public virtual ValueTask<IReadOnlyList<CardRecord>> OnClientMessageAsync(CardContext context, JsonObject message) =>
        throw new NotSupportedException($"Card '{Descriptor.CardId}' does not accept client messages.");
}
