using Cereon.Grains.Interfaces.Cards;
using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Retries idempotent grain calls that failed because a silo went away mid-call: after a short wait the directory
/// places the grain elsewhere. A read that gets no answer at all is cut short by <see cref="CardReads"/>.
/// </summary>
internal static class ClusterRetry
{
    public static ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsSiloGone),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    /// <summary>
    /// Reads a card: the first attempt is a plain call, so the pipeline (several state machines and a context per
    /// call) is paid only by a read that met a departing silo.
    /// </summary>
    public static async Task<CardResponse> CallAsync(ICardGrain grain, CardRequest request, CancellationToken cancellationToken)
    {
        if (GrainCallTracing.Detach() is { } parent)
        {
            request = request with { TraceParent = parent };
        }

        try
        {
            return await grain.GetAsync(request, cancellationToken);
        }
        catch (Exception ex) when (IsSiloGone(ex))
        {
            return await Pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<CardResponse>(state.grain.GetAsync(state.request, token)), (grain, request), cancellationToken);
        }
    }

    private static bool IsSiloGone(Exception ex) =>
        ex is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException;
}
