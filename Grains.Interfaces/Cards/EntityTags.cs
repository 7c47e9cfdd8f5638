using System.Security.Cryptography;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>Strong HTTP entity tags of card results: equal bytes, equal tag, in every silo.</summary>
public static class EntityTags
{
    /// <summary>A quoted tag from the first 128 bits of the body's SHA-256, base64url: 24 characters.</summary>
    public static string Of(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return string.Concat("\"", Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_'), "\"");
    }
}
