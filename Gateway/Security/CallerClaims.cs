using System.Security.Claims;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Security;

/// <summary>The caller as it crosses the wire to card grains, scoped to what the card depends on.</summary>
internal static class CallerClaims
{
    /// <summary>
    /// What a handler of <paramref name="card"/> sees of <paramref name="user"/> (<see cref="CallerScope.Visible"/>),
    /// and the cache and stream partition that goes with it.
    /// </summary>
    public static (CardCaller Caller, string? Partition) For(ClaimsPrincipal user, CardDescriptor card)
    {
        if (!card.Access.DependsOnCaller)
        {
            return (CardCaller.Anonymous, null);
        }

        var visible = CallerScope.Visible(card, From(user));
        return (visible, CallerScope.Partition(card, visible));
    }

    /// <summary>All claims of an authenticated principal, roles written as <c>role</c> whatever the token called them.</summary>
    public static CardCaller From(ClaimsPrincipal user)
    {
        if (user.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
        {
            return CardCaller.Anonymous;
        }

        return new CardCaller(identity.AuthenticationType, [.. identity.Claims.Select(claim => new CardClaim(
            claim.Type == identity.RoleClaimType ? CallerScope.RoleClaim : claim.Type, claim.Value))]);
    }
}
