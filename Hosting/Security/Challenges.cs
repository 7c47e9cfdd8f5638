using Cereon.Hosting.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Cereon.Hosting.Security;

/// <summary>
/// The 401 answers of the deployment guide: "Token expired" or "Invalid token" when a token was presented and
/// failed, "Authentication required" when there was none, in the JSON error body (naming the card asked for, if any).
/// </summary>
public static class Challenges
{
    public static async Task WriteAsync(HttpContext http, AuthOptions auth, string? cardId)
    {
        // The handler remembers its result for the request, so this reads what the authentication middleware found.
        var failure = auth.Enabled ? (await http.AuthenticateAsync()).Failure : null;
        var message = failure switch
        {
            null => "Authentication required",
            SecurityTokenExpiredException => "Token expired",
            _ => "Invalid token",
        };
        http.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await JsonErrors.WriteAsync(http, StatusCodes.Status401Unauthorized, message, cardId);
    }
}
