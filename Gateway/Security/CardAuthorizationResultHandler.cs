using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Cereon.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Security;

/// <summary>
/// Answers a card endpoint's failed authorization with the deployment guide's JSON bodies (401 "Token expired",
/// "Invalid token" or "Authentication required"; 403 naming the card) instead of a bare challenge, which also works
/// when no authentication scheme is configured. Everything else keeps ASP.NET Core's default handling.
/// </summary>
internal sealed class CardAuthorizationResultHandler(IOptions<AuthOptions> auth) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<CardDescriptor>() is not { } card)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        return authorizeResult.Challenged
            ? Challenges.WriteAsync(context, auth.Value, card.CardId)
            : JsonErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed to use this card", card.CardId);
    }
}
