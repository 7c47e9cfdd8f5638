using System.Globalization;
using System.Threading.RateLimiting;
using Cereon.Hosting.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Cereon.Gateway.Security;

/// <summary>
/// ASP.NET Core rate limiting per client IP: a token bucket for API requests and a separate one for WebSocket
/// upgrades, chained with a concurrency limit (an open WebSocket holds its permit for its lifetime). Rejected
/// requests get 429 with Retry-After in the gateway's JSON error body, never a queue.
/// </summary>
internal static class ClientRateLimits
{
    // Probes, scrapes and the admin dashboard are for operators, whose tooling polls from one address.
    private static readonly PathString[] Exempt = ["/health", "/metrics", "/dashboard"];

    public static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        var rate = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (IsExempt(http))
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var upgrade = http.WebSockets.IsWebSocketRequest;
            var (perSecond, burst) = upgrade
                ? (limits.WebSocketPermitsPerSecond, limits.WebSocketBurst)
                : (limits.ApiPermitsPerSecond, limits.ApiBurst);
            return RateLimitPartition.GetTokenBucketLimiter((upgrade ? "ws|" : "api|") + ClientOf(http), _ => TokenBuckets.PerSecond(perSecond, burst));
        });
        var concurrency = PartitionedRateLimiter.Create<HttpContext, string>(http => IsExempt(http)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetConcurrencyLimiter(ClientOf(http), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.ConcurrentRequestsPerClient,
                QueueLimit = 0,
            }));

        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(rate, concurrency);
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (context, _) => new ValueTask(RejectAsync(context.HttpContext, context.Lease));
    }

    private static Task RejectAsync(HttpContext http, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return JsonErrors.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests; retry later");
    }

    private static bool IsExempt(HttpContext http) => Exempt.Any(path => http.Request.Path.StartsWithSegments(path));

    /// <summary>The client every per-client limit counts against: its IP address, after trusted proxies.</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
