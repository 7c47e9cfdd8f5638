namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Keys streaming card grains: one activation per request, <c>{route}#{request id}</c>. An Orleans enumeration lives
/// in the activation that started it and every later page is asked of the same grain id, so requests must not share
/// one (a stateless worker's pool would hand pages to activations that never heard of the enumeration).
/// </summary>
public static class StreamingCardKeys
{
    public static string ForRequest(string route) => $"{route}#{Guid.NewGuid():N}";

    public static string RouteOf(string key)
    {
        var hash = key.LastIndexOf('#');
        return hash < 0 ? key : key[..hash];
    }
}
