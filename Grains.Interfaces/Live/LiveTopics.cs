namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// One topic model for subscribe, publish and client messages: a missing topic, <c>default</c> and the card's own id
/// all name the card's one default stream. The stock front end subscribes with <c>topic</c> set to the card id while
/// a publisher usually names no topic; both must reach the same viewers.
/// </summary>
public static class LiveTopics
{
    public const string Default = "default";

    /// <summary>The topic's stream name: <see cref="Default"/> for a missing topic, <c>default</c> or <paramref name="cardId"/>.</summary>
    public static string Normalize(string? topic, string cardId) =>
        string.IsNullOrEmpty(topic) || topic == Default || topic == cardId ? Default : topic;
}
