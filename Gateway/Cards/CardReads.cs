using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Reads a card from its grain with a deadline on the first attempt and one more attempt after it: the reads that
/// were in flight through a silo killed with <c>kill -9</c> are cancelled (Orleans completes a cancelled call at
/// once and tells the callee) and sent again, which the directory places on a live silo. Card reads are
/// idempotent, so a read that was merely slow is only joined by the second attempt, never run twice.
/// </summary>
internal sealed partial class CardReads(IOptions<CardReadOptions> options, TimeProvider time, ILogger<CardReads> logger)
{
    public async Task<T> ReadAsync<T, TState>(Func<TState, CancellationToken, Task<T>> read, TState state, string route, CancellationToken aborted)
    {
        using (var deadline = new CancellationTokenSource(options.Value.AttemptTimeout, time))
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token))
        {
            try
            {
                return await ClusterRetry.Pipeline.ExecuteAsync(
                    static (call, token) => new ValueTask<T>(call.read(call.state, token)), (read, state), attempt.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                LogReadRetried(logger, route, options.Value.AttemptTimeout);
            }
        }

        return await ClusterRetry.Pipeline.ExecuteAsync(
            static (call, token) => new ValueTask<T>(call.read(call.state, token)), (read, state), aborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {Route} did not answer within {Timeout}; reading it once more")]
    private static partial void LogReadRetried(ILogger logger, string route, TimeSpan timeout);
}
