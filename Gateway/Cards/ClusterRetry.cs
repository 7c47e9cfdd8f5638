using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Retries idempotent grain calls that failed because a silo went away mid-call: after a short wait the directory
/// places the grain elsewhere. Timeouts are not retried, since a caller has already waited the full call timeout.
/// </summary>
internal static class ClusterRetry
{
    public static ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<SiloUnavailableException>()
                .Handle<OrleansMessageRejectionException>()
                .Handle<ConnectionFailedException>(),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();
}
