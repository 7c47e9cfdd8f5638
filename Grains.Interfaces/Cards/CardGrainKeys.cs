using System.Security.Cryptography;
using System.Text;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Builds card grain keys: <c>{route}?{canonical params}</c>, so that an operator reading the Orleans Dashboard
/// sees which card and parameters an activation serves. Long parameter sets are hashed to keep keys short.
/// </summary>
public static class CardGrainKeys
{
    /// <summary>Canonical parameter JSON longer than this is replaced by its SHA-256 in the key.</summary>
    public const int MaxReadableParamsLength = 256;

    public static string For(string route, string canonicalParamsJson)
    {
        if (canonicalParamsJson.Length <= MaxReadableParamsLength)
        {
            return string.Concat(route, "?", canonicalParamsJson);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalParamsJson));
        return string.Concat(route, "#sha256:", Convert.ToHexStringLower(hash));
    }

    /// <summary>The route part of a key built by <see cref="For"/>.</summary>
    public static string RouteOf(string key)
    {
        var end = key.IndexOfAny(['?', '#']);
        return end < 0 ? key : key[..end];
    }
}
