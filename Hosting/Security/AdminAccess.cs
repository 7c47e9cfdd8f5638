using Cereon.Gateway.Errors;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Security;

/// <summary>
/// Guards the Orleans Dashboard and the publish endpoint: served only on <see cref="AuthOptions.AdminPort"/> when
/// one is set (judged by the port the connection arrived on, never the Host header, which the client writes), else
/// only to callers with <see cref="AuthOptions.AdminRole"/> when authentication is on, else open (the embedded
/// default, or auth explicitly disabled; the startup log says so). Hand-written because a port rule and an "open
/// without authentication" rule are not expressible as one authorization policy that also works with no scheme.
/// </summary>
internal sealed class AdminAccess(IOptions<AuthOptions> options)
{
    public async Task<bool> AuthorizeAsync(HttpContext http)
    {
        var auth = options.Value;
        if (auth.AdminPort is { } port)
        {
            if (http.Connection.LocalPort == port)
            {
                return true;
            }

            // Not found rather than forbidden: the public port does not admit the endpoint exists.
            await GatewayErrors.WriteAsync(http, StatusCodes.Status404NotFound, "Not found");
            return false;
        }

        if (!auth.Enabled)
        {
            return true;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            await Challenges.WriteAsync(http, auth, null);
            return false;
        }

        if (http.User.IsInRole(auth.AdminRole))
        {
            return true;
        }

        await GatewayErrors.WriteAsync(http, StatusCodes.Status403Forbidden, $"Needs the '{auth.AdminRole}' role");
        return false;
    }

}
