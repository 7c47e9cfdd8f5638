using System.Security.Cryptography;
using System.Text;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Builds card grain keys: <c>{route}?{canonical params}</c> with the JSON's braces written as parentheses, so that
/// an operator reading the Orleans Dashboard sees which card and parameters an activation serves. Long parameter
/// sets, and any holding a parenthesis of their own (which would make two keys alike), are hashed instead.
/// </summary>
/// <remarks>
/// Braces never appear in keys because Orleans' ADO.NET grain storage fails to write grains whose key contains one
/// (it ends up in a composite format string: "Input string was not in a correct format").
/// </remarks>
public static class CardGrainKeys
{
    /// <summary>Canonical parameter JSON longer than this is replaced by its SHA-256 in the key.</summary>
    public const int MaxReadableParamsLength = 256;

    /// <summary>
    /// The key of a card that depends on the caller: the caller's partition (<see cref="CallerScope.Partition"/>, a
    /// fixed-length hash) is appended, so two callers never share a grain and the route stays readable.
    /// </summary>
    public static string For(string route, string canonicalParamsJson, string? callerPartition) =>
        callerPartition is null ? For(route, canonicalParamsJson) : string.Concat(For(route, canonicalParamsJson), "|caller:", callerPartition);

    public static string For(string route, string canonicalParamsJson)
    {
        if (canonicalParamsJson.Length <= MaxReadableParamsLength && canonicalParamsJson.IndexOfAny(['(', ')']) < 0)
        {
            return string.Concat(route, "?", canonicalParamsJson.Replace('{', '(').Replace('}', ')'));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalParamsJson));
        return string.Concat(route, "#sha256:", Convert.ToHexStringLower(hash));
    }

    /// <summary>The route part of a key built by <see cref="For(string, string)"/>.</summary>
    public static string RouteOf(string key)
    {
        var end = key.IndexOfAny(['?', '#']);
        return end < 0 ? key : key[..end];
    }
}
