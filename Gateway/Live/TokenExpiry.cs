using System.Globalization;
using System.Security.Claims;

namespace Cereon.Gateway.Live;

/// <summary>
/// A socket lives longer than the token it was opened with: when the token expires the socket is closed with
/// <see cref="CloseCodes.TokenExpired"/>, and the front end reconnects (with its renewed token) and resumes.
/// </summary>
internal static class TokenExpiry
{
    public static IDisposable? CloseWhenExpired(ClaimsPrincipal user, CardSocketSession session, TimeProvider time)
    {
        if (user.FindFirst("exp")?.Value is not { } exp
            || !long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var left = DateTimeOffset.FromUnixTimeSeconds(seconds) - time.GetUtcNow();
        return time.CreateTimer(
            static state => ((CardSocketSession)state!).RequestClose(CloseCodes.TokenExpired, "Token expired"),
            session,
            left > TimeSpan.Zero ? left : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }
}
