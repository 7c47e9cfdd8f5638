using Cereon.Hosting.Errors;
using Microsoft.Extensions.Options;

namespace Cereon.Hosting.Security;

/// <summary>
/// Guards the admin endpoints (the Orleans Dashboard, the gateway's publish, and in production the operational
/// endpoints): served only on <see cref="AuthOptions.AdminPort"/> when one is set (judged by the port the connection
/// arrived on, never the Host header, which the client writes), else only to callers with
/// <see cref="AuthOptions.AdminRole"/> when authentication is on, else open (the embedded default, or auth explicitly
/// disabled; the startup log says so). Hand-written because a port rule and an "open without authentication" rule are
/// not expressible as one authorization policy that also works with no scheme.
/// </summary>
public sealed class AdminAccess(IOptions<AuthOptions> options)
{
    /// <summary>Whether the caller may use an admin endpoint; if not, the 401, 403 or 404 is answered here.</summary>
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
            await JsonErrors.WriteAsync(http, StatusCodes.Status404NotFound, "Not found");
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

        await JsonErrors.WriteAsync(http, StatusCodes.Status403Forbidden, $"Needs the '{auth.AdminRole}' role");
        return false;
    }
}
