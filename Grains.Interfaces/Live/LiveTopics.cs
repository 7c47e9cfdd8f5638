using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// Which stream of a live card a topic names; the one place gateways (subscribe, client messages, publish) and silos
/// agree on it. A card that declares no topics has one stream, which a missing topic, <c>default</c> and the card's own
/// id all name: the stock front end subscribes with topic = card id, while publishers often name none. A card that
/// declares topics serves those. A card with <see cref="LiveDescriptor.OpenTopics"/> also serves any well-formed topic
/// its validator accepts, which only the silo can run; every other topic is refused before any grain exists for it.
/// </summary>
public static class LiveTopics
{
    /// <summary>Longest open topic, in characters.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// The topic's stream name on <paramref name="card"/> (<see cref="LiveCardKeys.DefaultTopic"/> for a card's one
    /// stream), or null when the card does not serve it. An open topic is only a candidate: its card may still refuse it.
    /// </summary>
    public static string? Resolve(CardDescriptor card, string? requested)
    {
        ArgumentNullException.ThrowIfNull(card);
        var topic = string.IsNullOrEmpty(requested) || (card.Live.Topics.Count == 0 && requested == card.CardId)
            ? LiveCardKeys.DefaultTopic
            : requested;
        return IsDeclared(card, topic) || (card.Live.OpenTopics && IsWellFormed(topic)) ? topic : null;
    }

    /// <summary>Whether <paramref name="topic"/>, as <see cref="Resolve"/> names it, is one the card declares.</summary>
    public static bool IsDeclared(CardDescriptor card, string topic)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Live.Topics.Count == 0 ? topic == LiveCardKeys.DefaultTopic : card.Live.Topics.Contains(topic);
    }

    /// <summary>
    /// 1 to <see cref="MaxLength"/> letters, digits or <c>_ . : / = -</c>: readable in grain keys and logs, and free of
    /// the characters keys are split on, so no two topics share a stream.
    /// </summary>
    public static bool IsWellFormed(string? topic) =>
        topic is { Length: > 0 and <= MaxLength } && topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '/' or '=' or '-');
}
