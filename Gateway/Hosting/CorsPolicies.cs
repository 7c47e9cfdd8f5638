using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Cereon.Gateway.Hosting;

internal static class CorsPolicies
{
    /// <summary>
    /// The front end sends JSON bodies and its own headers (Authorization among them) with any of the card methods,
    /// so those are allowed for the configured origins; preflights are cached for ten minutes as in the guide.
    /// </summary>
    public static void Allow(CorsPolicyBuilder policy, string[] origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            // A predicate rather than WithOrigins: ASP.NET Core then marks every answer Vary: Origin, also with a single
            // origin configured, so a shared cache never hands one origin's answer (or a no-CORS one) to another.
            var allowed = origins.ToHashSet(StringComparer.OrdinalIgnoreCase);
            policy.SetIsOriginAllowed(allowed.Contains).AllowCredentials();
        }

        policy.WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .AllowAnyHeader()
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
    }
}
