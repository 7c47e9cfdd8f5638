using System.Globalization;
using System.Security.Claims;
using Cereon.Hosting.Security;

namespace Cereon.Gateway.Live;

/// <summary>
/// A socket lives longer than the token it was opened with: when the token expires the socket is closed with
/// <see cref="CloseCodes.TokenExpired"/>, and the front end reconnects (with its renewed token) and resumes. Expiry
/// allows the same clock skew as the token check at the upgrade (<see cref="AuthOptions.ClockSkew"/>), so a token
/// that was just accepted does not close its socket at once and set the client reconnecting in a loop.
/// </summary>
internal static class TokenExpiry
{
    public static IDisposable? CloseWhenExpired(ClaimsPrincipal user, CardSocketSession session, TimeProvider time, TimeSpan clockSkew)
    {
        if (user.FindFirst("exp")?.Value is not { } exp
            || !long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var left = DateTimeOffset.FromUnixTimeSeconds(seconds) + clockSkew - time.GetUtcNow();
        return time.CreateTimer(
            static state => ((CardSocketSession)state!).RequestClose(CloseCodes.TokenExpired, "Token expired"),
            session,
            left > TimeSpan.Zero ? left : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }
}
