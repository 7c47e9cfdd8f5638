namespace Cereon.Grains.Live;

/// <summary>
/// The gateways watching a card stream: each holds a lease it renews while it has local subscribers, and a lease
/// not renewed within its time to live no longer counts as a viewer.
/// </summary>
internal sealed class LiveLeases(TimeSpan ttl)
{
    private readonly Dictionary<string, DateTimeOffset> _expiries = [];

    public bool Any => _expiries.Count > 0;

    public void Renew(string gatewayId, DateTimeOffset now) => _expiries[gatewayId] = now + ttl;

    public void Release(string gatewayId) => _expiries.Remove(gatewayId);

    /// <summary>Forgets the leases that ran out by <paramref name="now"/>; answers whether any remain.</summary>
    public bool Expire(DateTimeOffset now)
    {
        foreach (var expired in _expiries.Where(l => l.Value <= now).Select(l => l.Key).ToList())
        {
            _expiries.Remove(expired);
        }

        return Any;
    }
}
