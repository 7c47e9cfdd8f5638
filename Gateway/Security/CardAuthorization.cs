using System.Security.Claims;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Cereon.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Security;

/// <summary>
/// Decides what a card declares (<see cref="CardDescriptor.Access"/>, roles, claims) with ASP.NET Core's
/// authorization service. Card endpoints carry <see cref="PolicyFor"/> as metadata, which the authorization
/// middleware enforces; this answers for what has no endpoint of its own: subscriptions to other cards over a socket,
/// the catalog's visibility filter, and a card routed before its endpoint existed.
/// </summary>
internal sealed class CardAuthorization(IAuthorizationService authorization, IOptions<AuthOptions> auth)
{
    public async Task<CardAccessDecision> DecideAsync(ClaimsPrincipal user, CardDescriptor card)
    {
        if (!card.Access.RequiresSignIn)
        {
            return CardAccessDecision.Allowed;
        }

        if (!auth.Value.Enabled || user.Identity?.IsAuthenticated != true)
        {
            return CardAccessDecision.SignInRequired;
        }

        var result = await authorization.AuthorizeAsync(user, PolicyFor(card));
        return result.Succeeded ? CardAccessDecision.Allowed : CardAccessDecision.Forbidden;
    }

    /// <summary>Whether the caller may use the card; if not, the 401 or 403 is answered here.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext http, CardDescriptor card)
    {
        switch (await DecideAsync(http.User, card))
        {
            case CardAccessDecision.Allowed:
                return true;
            case CardAccessDecision.SignInRequired:
                await Challenges.WriteAsync(http, auth.Value, card.CardId);
                return false;
            default:
                await JsonErrors.WriteAsync(http, StatusCodes.Status403Forbidden, "Not allowed to use this card", card.CardId);
                return false;
        }
    }

    public static AuthorizationPolicy PolicyFor(CardDescriptor card)
    {
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser();
        if (card.Access.Roles.Count > 0)
        {
            policy.RequireRole(card.Access.Roles);
        }

        foreach (var required in card.Access.RequiredClaims)
        {
            var equals = required.IndexOf('=', StringComparison.Ordinal);
            policy.RequireClaim(required[..equals], required[(equals + 1)..]);
        }

        return policy.Build();
    }
}
