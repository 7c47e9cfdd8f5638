using Cereon.Grains.Caching;
using Microsoft.Extensions.Options;

namespace Cereon.Tests.Grains.Caching;

/// <summary>The bytes one card activation holds against the silo's cache budget.</summary>
public sealed class HeldBytesTests
{
    private static CardCacheBudget Budget(long maxBytes) => new(Options.Create(new CardCacheOptions { MaxBytes = maxBytes }));

    [Fact]
    public void Holding_AnotherBody_GivesBackTheFirst()
    {
        var budget = Budget(100);
        var held = new HeldBytes(budget);

        Assert.True(held.TryHold(60));
        Assert.True(held.TryHold(70));

        Assert.Equal(70, held.Bytes);
        Assert.True(budget.TryReserve(30));
        Assert.False(budget.TryReserve(1));
    }

    [Fact]
    public void A_BodyOverTheBudget_IsNotHeld_AndNeitherIsTheOneBefore()
    {
        var budget = Budget(100);
        var other = new HeldBytes(budget);
        var held = new HeldBytes(budget);
        Assert.True(other.TryHold(50));
        Assert.True(held.TryHold(40));

        Assert.False(held.TryHold(60));

        Assert.Equal(0, held.Bytes);
        Assert.True(budget.TryReserve(50));
    }

    [Fact]
    public void Releasing_Twice_GivesBackOnce()
    {
        var budget = Budget(100);
        var other = new HeldBytes(budget);
        var held = new HeldBytes(budget);
        Assert.True(other.TryHold(50));
        Assert.True(held.TryHold(50));

        held.Release();
        held.Release();

        Assert.True(budget.TryReserve(50));
        Assert.False(budget.TryReserve(1));
    }
}
