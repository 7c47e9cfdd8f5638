using Cereon.Grains.Caching;
using Microsoft.Extensions.Options;

namespace Cereon.Tests.Grains.Caching;

public sealed class CardActivationBudgetTests
{
    private static CardActivationBudget Budget(int perCard) =>
        new(Options.Create(new CardCacheOptions { MaxParameterSetsPerCard = perCard }));

    [Fact]
    public void Keeps_UpToTheLimit_OfEachCard()
    {
        var budget = Budget(2);

        Assert.True(budget.TryKeep("/a"));
        Assert.True(budget.TryKeep("/a"));
        Assert.False(budget.TryKeep("/a"));
        Assert.True(budget.TryKeep("/b"));
        Assert.Equal(2, budget.Kept("/a"));
        Assert.Equal(1, budget.Kept("/b"));
    }

    [Fact]
    public void Release_GivesThePlaceBack()
    {
        var budget = Budget(1);
        Assert.True(budget.TryKeep("/a"));

        budget.Release("/a");

        Assert.Equal(0, budget.Kept("/a"));
        Assert.True(budget.TryKeep("/a"));
    }

    [Fact]
    public void ConcurrentKeeps_NeverPassTheLimit()
    {
        var budget = Budget(50);

        var kept = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (budget.TryKeep("/a"))
            {
                Interlocked.Increment(ref kept);
            }
        });

        Assert.Equal(50, kept);
        Assert.Equal(50, budget.Kept("/a"));
    }
}
