using Cereon.Bench.CachedRead;
using Cereon.Bench.Cli;

namespace Cereon.Tests.Bench.CachedRead;

/// <summary>
/// The 304 row loads with an ETag only while the answer it names stays current for the whole load: a card computes a
/// new answer, with a new ETag, when its TTL ends, and a load past that point would measure 200s under the 304 row.
/// </summary>
public sealed class ConditionalReadTests
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(5);

    [Fact]
    public void AnAnswerFreshForTheLoadAndTheMargin_IsLoadedAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, ConditionalRead.WaitBeforeLoad(TimeSpan.FromSeconds(58), Load));
        Assert.Equal(TimeSpan.Zero, ConditionalRead.WaitBeforeLoad(TimeSpan.FromSeconds(7), Load));
    }

    [Fact]
    public void AnAnswerEndingDuringTheLoad_IsWaitedOut_UntilTheCardsNextAnswer()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), ConditionalRead.WaitBeforeLoad(TimeSpan.FromSeconds(6), Load));
        Assert.Equal(TimeSpan.FromSeconds(1), ConditionalRead.WaitBeforeLoad(TimeSpan.Zero, Load));
    }

    [Fact]
    public void AnAnswerWithoutMaxAge_CannotBeLoadedConditionally()
    {
        Assert.Throws<BenchFailure>(() => ConditionalRead.WaitBeforeLoad(null, Load));
    }
}
