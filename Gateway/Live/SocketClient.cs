using System.Security.Cryptography;
using System.Text;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Live;

/// <summary>
/// Who is on the other end of a socket, for what is rationed or kept per client.
/// <para>
/// <see cref="Address"/> is the client as the rate limits know it (its IP address, after trusted proxies), across all
/// its sockets. <see cref="CursorOwner"/> owns the socket's acknowledged positions (protocol.md §6 resume by
/// subscription id). For a signed-in caller it is their subject, hashed so grain state holds no identities, and
/// their position follows them to any connection and gateway. For an anonymous caller it is the connection itself:
/// nothing else tells two anonymous callers apart, and a reconnecting one resumes with <c>resumeSeq</c>.
/// </para>
/// </summary>
internal sealed record SocketClient(string Address, string CursorOwner)
{
    public static SocketClient Of(HttpContext http)
    {
        var subject = http.User.Identity is { IsAuthenticated: true } ? http.User.FindFirst(CallerScope.SubjectClaim)?.Value : null;
        var owner = string.IsNullOrEmpty(subject)
            ? "connection:" + Guid.NewGuid().ToString("N")
            : "subject:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)));
        return new SocketClient(ClientRateLimits.ClientOf(http), owner);
    }

    /// <summary>The cursor of <paramref name="subscriptionId"/> on this socket (<c>LiveSubscribeRequest.Cursor</c>).</summary>
    public string Cursor(string subscriptionId) => string.Concat(CursorOwner, "|", subscriptionId);
}
