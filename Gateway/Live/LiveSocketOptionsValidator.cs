using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

internal sealed class LiveSocketOptionsValidator : IValidateOptions<LiveSocketOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveSocketOptions options)
    {
        var failures = new List<string>();
        Range(options.SendQueueCapacity, 8, 1_000_000, "SendQueueCapacity", failures);
        Range(options.MaxMessageBytes, 1024, 16 * 1024 * 1024, "MaxMessageBytes", failures);
        Range(options.MissedHeartbeats, 1, 100, "MissedHeartbeats", failures);
        if (options.MaxConnections is { } maxConnections)
        {
            Range(maxConnections, 1, LiveConnectionLimit.Largest, "MaxConnections", failures);
        }

        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add("Cereon:WebSocket:HeartbeatInterval must be at least 00:00:00.1 (env Cereon__WebSocket__HeartbeatInterval).");
        }

        Range(options.MaxSubscriptionsPerSocket, 1, 10_000, "MaxSubscriptionsPerSocket", failures);
        if (options.LeaseRenewInterval <= TimeSpan.Zero)
        {
            failures.Add("Cereon:WebSocket:LeaseRenewInterval must be positive (env Cereon__WebSocket__LeaseRenewInterval).");
        }

        if (options.AckFlushInterval <= TimeSpan.Zero)
        {
            failures.Add("Cereon:WebSocket:AckFlushInterval must be positive (env Cereon__WebSocket__AckFlushInterval).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(int value, int min, int max, string key, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"Cereon:WebSocket:{key} must be between {min} and {max} (env Cereon__WebSocket__{key}).");
        }
    }
}
