using System.Diagnostics.Metrics;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Telemetry;

/// <summary>
/// The gateway's live-socket instruments on the <c>Cereon.Gateway</c> meter, named like the silo's
/// <c>cereon.card.*</c> and <c>cereon.live.*</c> ones and tagged <c>card</c> with the card's route (from the catalog,
/// never the request's own path or parameters), so a series exists per card and no more.
/// </summary>
internal static class GatewayMetrics
{
    public const string Name = "Cereon.Gateway";
    public const string CardTag = "card";
    private static readonly Meter Meter = new(Name);

    public static UpDownCounter<long> SocketConnections { get; } = Meter.CreateUpDownCounter<long>(
        "cereon.gateway.websocket.connections", "{connection}", "Open WebSocket connections, by the card they were opened on.");

    public static UpDownCounter<long> LiveSubscriptions { get; } = Meter.CreateUpDownCounter<long>(
        "cereon.gateway.live.subscriptions", "{subscription}", "Live subscriptions on this gateway's sockets.");

    /// <summary>
    /// Live messages per subscription, tagged <c>outcome</c>: <c>delivered</c> (queued on the socket),
    /// <c>dropped</c> (the socket's queue was full; the client is closed with 1013 and resumes) or <c>duplicate</c>
    /// (already sent, e.g. a replay overlapping the live feed). The gateway never merges messages, so nothing is
    /// coalesced: each message reaches each subscription once or the client is told to resume.
    /// </summary>
    public static Counter<long> LiveMessages { get; } = Meter.CreateCounter<long>(
        "cereon.gateway.live.messages", "{message}", "Live messages handled per subscription, by outcome.");

    /// <summary>Reads the gateway answered from its response cache, without a grain call (see CardResponseCachePolicy).</summary>
    public static Counter<long> ResponseCacheHits { get; } = Meter.CreateCounter<long>(
        "cereon.gateway.response_cache.hits", "{request}", "Card reads answered from the gateway's response cache.");

    public static KeyValuePair<string, object?> Card(string route) => new(CardTag, route);

    /// <summary>
    /// Starts the per-card socket series of every websocket card at zero, so they are exported before first use and
    /// an alert such as "connections == 0" has a series to watch.
    /// </summary>
    public static void StartAtZero(IEnumerable<CardDescriptor> cards)
    {
        foreach (var card in cards.Where(c => c.Transport == CardTransports.WebSocket))
        {
            SocketConnections.Add(0, Card(card.Route));
            LiveSubscriptions.Add(0, Card(card.Route));
        }
    }

    public static void Message(string route, string outcome) =>
        LiveMessages.Add(1, Card(route), new KeyValuePair<string, object?>("outcome", outcome));
}
