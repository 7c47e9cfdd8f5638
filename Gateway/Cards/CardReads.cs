using Cereon.Grains.Interfaces.Cards;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Reads a card with a deadline on the first attempt and one more attempt after it: a read in flight through a silo
/// killed with <c>kill -9</c> never gets an answer, so it is cancelled (Orleans completes a cancelled call at once
/// and tells the callee) and sent again, and the directory places the grain on a live silo. Card reads are
/// idempotent, and a read that was merely slow is joined by the second attempt, never run twice.
/// </summary>
internal sealed partial class CardReads(IOptions<CardReadOptions> options, TimeProvider time, ILogger<CardReads> logger)
{
    private readonly TimeSpan _attemptTimeout = options.Value.AttemptTimeout;
    private readonly SharedDeadlines _deadlines = new(options.Value.AttemptTimeout, time);

    public async Task<CardResponse> ReadAsync(ICardGrain grain, CardRequest request, string route, CancellationToken aborted)
    {
        // Only the deadline goes to the first attempt: linking it to the request's abort would cost every read a
        // registration, and a client that leaves is noticed when the answer is written.
        var deadline = _deadlines.Next();
        try
        {
            return await ClusterRetry.CallAsync(grain, request, deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            LogReadRetried(logger, route, _attemptTimeout);
        }

        return await ClusterRetry.CallAsync(grain, request, aborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {Route} did not answer within {Timeout}; reading it once more")]
    private static partial void LogReadRetried(ILogger logger, string route, TimeSpan timeout);
}
