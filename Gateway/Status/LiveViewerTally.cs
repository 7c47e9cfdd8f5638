using System.Collections.Concurrent;
using Cereon.Gateway.Telemetry;

namespace Cereon.Gateway.Status;

/// <summary>
/// Live subscriptions on this gateway per card: the metric's value, kept here too so the gateway can report them to
/// the cluster's usage grain for the status page. Per gateway instance so that gateways sharing a process (tests)
/// each report their own.
/// </summary>
internal sealed class LiveViewerTally
{
    private readonly ConcurrentDictionary<string, int> _byRoute = new(StringComparer.Ordinal);

    public void Subscribed(string route)
    {
        GatewayMetrics.LiveSubscriptions.Add(1, GatewayMetrics.Card(route));
        _byRoute.AddOrUpdate(route, 1, static (_, count) => count + 1);
    }

    public void Unsubscribed(string route)
    {
        GatewayMetrics.LiveSubscriptions.Add(-1, GatewayMetrics.Card(route));
        _byRoute.AddOrUpdate(route, 0, static (_, count) => count - 1);
    }

    public Dictionary<string, int> Snapshot() =>
        _byRoute.Where(pair => pair.Value > 0).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}
