using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
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

    /// <summary>True when the card overrides <see cref="IsValidTopic"/>.</summary>
    protected override bool OpenTopics =>
        GetType().GetMethod(nameof(IsValidTopic))!.DeclaringType != typeof(LiveCard);

    /// <summary>Yields updates for as long as <see cref="CardContext.CancellationToken"/> has not fired.</summary>
    public abstract IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context);

    /// <summary>
    /// Whether the card serves <paramref name="topic"/>, which it does not declare. Override to serve topics chosen at
    /// run time (a chat room, a ticker symbol). Each is a stream with a producer of its own, so the silo caps them per
    /// card (<c>Cereon:Live:MaxProducersPerCard</c>) and gateways limit how fast one client opens new ones. Only
    /// well-formed topics reach it (<see cref="LiveTopics.IsWellFormed"/>). By default a card serves the topics it
    /// declares, or, declaring none, its one topic.
    /// </summary>
    public virtual bool IsValidTopic(string topic) => false;

    /// <summary>Whether the card serves <paramref name="topic"/>, a topic as <see cref="LiveTopics.Resolve"/> names it.</summary>
    internal bool Serves(string topic) =>
        LiveTopics.IsDeclared(Descriptor, topic) || (Descriptor.Live.OpenTopics && LiveTopics.IsWellFormed(topic) && IsValidTopic(topic));

    /// <summary>
    /// Handles a client message that is not one of the protocol's own actions. The records returned are published
    /// to every subscriber of the stream. Override to accept client messages; by default they are refused.
    /// </summary>
    public virtual ValueTask<IReadOnlyList<CardRecord>> OnClientMessageAsync(CardContext context, JsonObject message) =>
        throw new NotSupportedException($"Card '{Descriptor.CardId}' does not accept client messages.");
}
