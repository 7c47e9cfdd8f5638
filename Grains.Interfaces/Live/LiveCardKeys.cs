using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// Keys live card grains and their streams: one per card route, topic and parameter set,
/// <c>{route}@{topic}?{canonical params}</c>, readable in the Orleans Dashboard.
/// </summary>
public static class LiveCardKeys
{
    public const string DefaultTopic = "default";

    public static string For(string route, string? topic, string canonicalParamsJson) =>
        For(route, topic, canonicalParamsJson, null);

    /// <summary>The key of a stream of a card that depends on the caller (see <see cref="CardGrainKeys.For(string, string, string?)"/>).</summary>
    public static string For(string route, string? topic, string canonicalParamsJson, string? callerPartition) =>
        CardGrainKeys.For($"{route}@{(string.IsNullOrEmpty(topic) ? DefaultTopic : topic)}", canonicalParamsJson, callerPartition);

    /// <summary>The card route of a live key.</summary>
    public static string RouteOf(string key)
    {
        var routeAndTopic = CardGrainKeys.RouteOf(key);
        var at = routeAndTopic.LastIndexOf('@');
        return at < 0 ? routeAndTopic : routeAndTopic[..at];
    }

    /// <summary>The topic of a live key, as <see cref="LiveTopics.Resolve"/> named it.</summary>
    public static string TopicOf(string key)
    {
        var routeAndTopic = CardGrainKeys.RouteOf(key);
        var at = routeAndTopic.LastIndexOf('@');
        return at < 0 ? DefaultTopic : routeAndTopic[(at + 1)..];
    }
}
