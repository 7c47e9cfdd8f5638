using Cereon.Gateway.Cards;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cereon.Tests.Gateway.Cards;

public sealed class CardReadsTests
{
    private static readonly CardRequest Request = new("{}", "GET", CardCaller.Anonymous);

    private static CardReads Reads() =>
        new(Options.Create(new CardReadOptions { AttemptTimeout = TimeSpan.FromMilliseconds(50) }), TimeProvider.System, NullLogger<CardReads>.Instance);

    [Fact]
    public async Task UnansweredFirstAttempt_IsCancelled_AndReadOnceMore()
    {
        var grain = new NeverAnswersFirst();

        var response = await Reads().ReadAsync(grain, Request, "/c", CancellationToken.None);

        Assert.Equal(CardOutcome.Ok, response.Outcome);
        Assert.Equal(2, grain.Calls);
        Assert.True(grain.FirstWasCancelled);
    }

    [Fact]
    public async Task CallerThatLeft_IsNotReadAgain()
    {
        var grain = new NeverAnswersFirst();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reads().ReadAsync(grain, Request, "/c", aborted.Token));
        Assert.Equal(1, grain.Calls);
    }

    /// <summary>A grain whose first call hangs until it is cancelled, as a call to a killed silo does.</summary>
    private sealed class NeverAnswersFirst : ICardGrain
    {
        public int Calls { get; private set; }

        public bool FirstWasCancelled { get; private set; }

        public async Task<CardResponse> GetAsync(CardRequest request, CancellationToken cancellationToken = default)
        {
            if (++Calls > 1)
            {
                return CardResponse.Success("[]"u8.ToArray());
            }

            var unanswered = new TaskCompletionSource<CardResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = cancellationToken.Register(() =>
            {
                FirstWasCancelled = true;
                unanswered.TrySetCanceled(cancellationToken);
            });
            return await unanswered.Task;
        }

        public Task<CardGrainState> GetState() => throw new NotSupportedException();
    }
}
