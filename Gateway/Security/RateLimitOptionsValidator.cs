using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Security;

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Positive(failures, options.ApiPermitsPerSecond, nameof(options.ApiPermitsPerSecond));
        Positive(failures, options.ApiBurst, nameof(options.ApiBurst));
        Positive(failures, options.WebSocketPermitsPerSecond, nameof(options.WebSocketPermitsPerSecond));
        Positive(failures, options.WebSocketBurst, nameof(options.WebSocketBurst));
        Positive(failures, options.ConcurrentRequestsPerClient, nameof(options.ConcurrentRequestsPerClient));
        Positive(failures, options.SocketMessagesPerSecond, nameof(options.SocketMessagesPerSecond));
        Positive(failures, options.LiveStreamsPerSecond, nameof(options.LiveStreamsPerSecond));
        Positive(failures, options.LiveStreamBurst, nameof(options.LiveStreamBurst));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, int value, string name)
    {
        if (value < 1)
        {
            failures.Add($"{RateLimitOptions.SectionName}:{name} must be at least 1 (env Cereon__RateLimits__{name}).");
        }
    }
}
