using System.Security.Cryptography;
using System.Text;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// What of the caller a card's handler may see, and the cache partition that goes with it. A handler's result is
/// shared by everyone whose requests reach the same grain, so a handler sees exactly what its grain key is keyed by:
/// nothing for a card that does not depend on the caller, the named claims for one that depends on claims, and the
/// whole caller (partitioned by subject) for one that depends on the caller.
/// </summary>
public static class CallerScope
{
    /// <summary>The claim naming the caller, as JWTs carry it.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The claim carrying roles on the wire, whatever claim the token used.</summary>
    public const string RoleClaim = "role";

    /// <summary>Claims that change from one token to the next of the same user; never part of a partition.</summary>
    private static readonly string[] PerTokenClaims = ["exp", "iat", "nbf", "jti", "auth_time"];

    /// <summary>The part of <paramref name="caller"/> a handler of <paramref name="card"/> receives.</summary>
    public static CardCaller Visible(CardDescriptor card, CardCaller caller)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(caller);
        if (card.Access.VaryByCaller)
        {
            return caller;
        }

        if (card.Access.VaryByClaims.Count == 0 || caller.AuthenticationType is null)
        {
            return CardCaller.Anonymous;
        }

        return caller with { Claims = [.. caller.Claims.Where(c => card.Access.VaryByClaims.Contains(c.Type))] };
    }

    /// <summary>
    /// The cache and stream partition of a caller as <see cref="Visible"/> scoped it; null for a card that does not
    /// depend on the caller. Hashed, so grain keys (seen in the Orleans Dashboard and logs) never carry identities.
    /// </summary>
    public static string? Partition(CardDescriptor card, CardCaller visible)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(visible);
        if (!card.Access.DependsOnCaller)
        {
            return null;
        }

        IEnumerable<CardClaim> identifying = visible.Claims.Where(c => !PerTokenClaims.Contains(c.Type));
        if (card.Access.VaryByCaller && visible.Claims.FirstOrDefault(c => c.Type == SubjectClaim) is { } subject)
        {
            identifying = [subject];
        }

        var text = new StringBuilder(visible.AuthenticationType is null ? "anonymous" : "signed-in");
        foreach (var claim in identifying.OrderBy(c => c.Type, StringComparer.Ordinal).ThenBy(c => c.Value, StringComparer.Ordinal))
        {
            // Length-prefixed, so no choice of claim values can make two different callers read alike.
            text.Append('\n').Append(claim.Type.Length).Append(':').Append(claim.Type).Append(claim.Value.Length).Append(':').Append(claim.Value);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
