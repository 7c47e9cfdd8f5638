namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Keys streaming card grains. A card with a TTL shares one run per card, parameters and caller partition, keyed as
/// <see cref="CardGrainKeys"/> keys http cards. A card without one runs once per request, <c>{route}#request:{id}</c>:
/// an Orleans enumeration lives in the activation that started it and every later page is asked of the same grain id,
/// so such requests must not share one (a stateless worker's pool would hand pages to activations that never heard of
/// the enumeration).
/// </summary>
public static class StreamingCardKeys
{
    private const string RequestMarker = "#request:";

    public static string For(CardDescriptor card, string canonicalParamsJson, string? callerPartition)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Http.CacheTtl > TimeSpan.Zero
            ? CardGrainKeys.For(card.Route, canonicalParamsJson, callerPartition)
            : ForRequest(card.Route);
    }

    public static string ForRequest(string route) => string.Concat(route, RequestMarker, Guid.NewGuid().ToString("N"));

    /// <summary>Whether <paramref name="key"/> names one request's activation (so it ends with that request).</summary>
    public static bool IsPerRequest(string key) =>
        key.AsSpan(RouteOf(key).Length).StartsWith(RequestMarker, StringComparison.Ordinal);

    public static string RouteOf(string key) => CardGrainKeys.RouteOf(key);
}
