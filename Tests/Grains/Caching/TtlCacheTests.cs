using Cereon.Grains.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Grains.Caching;

/// <summary>
/// The freshness rule both card grains serve kept results by, on a clock the test moves: an http card's answer and a
/// streaming card's recording are served while fresh and never once their TTL has passed. The end-to-end checks on
/// real time are <c>HttpCardTests.CachedResult_Expires_AfterTtl</c> and
/// <c>SharedStreamingTests.AfterTheTtl_ANewRequestRunsTheHandlerAgain</c>.
/// </summary>
public sealed class TtlCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void Kept_IsFresh_UntilJustBeforeItsTtl_WithWhatIsLeftOfIt()
    {
        var cache = new TtlCache<string>(_time);
        cache.Keep("answer", Ttl);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(cache.TryGetFresh(out var value, out var freshFor));
        Assert.Equal("answer", value);
        Assert.Equal(TimeSpan.FromSeconds(0.5), freshFor);

        _time.Advance(TimeSpan.FromSeconds(0.5) - TimeSpan.FromTicks(1));
        Assert.True(cache.TryGetFresh(out _, out freshFor));
        Assert.Equal(TimeSpan.FromTicks(1), freshFor);
    }

    [Fact]
    public void AtItsTtl_IsStale_NotServed_ButStillHeldUntilForgotten()
    {
        var cache = new TtlCache<string>(_time);
        cache.Keep("answer", Ttl);

        _time.Advance(Ttl);

        Assert.False(cache.TryGetFresh(out var value, out var freshFor));
        Assert.Null(value);
        Assert.Equal(TimeSpan.Zero, freshFor);
        Assert.True(cache.IsHeld);
        Assert.True(cache.Forget());
        Assert.False(cache.IsHeld);
        Assert.False(cache.Forget());
    }

    [Fact]
    public void KeepingAgain_StartsTheTtlFromThen()
    {
        var cache = new TtlCache<string>(_time);
        cache.Keep("first", Ttl);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        cache.Keep("second", Ttl);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.True(cache.TryGetFresh(out var value, out var freshFor));
        Assert.Equal("second", value);
        Assert.Equal(TimeSpan.FromSeconds(0.5), freshFor);
        Assert.Equal(_time.GetUtcNow() + freshFor, cache.Until);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NoTtl_KeepsNothing_AndDropsWhatWasKept(int seconds)
    {
        var cache = new TtlCache<string>(_time);
        cache.Keep("earlier", Ttl);

        Assert.False(cache.Keep("answer", TimeSpan.FromSeconds(seconds)));

        Assert.False(cache.TryGetFresh(out _, out _));
        Assert.False(cache.IsHeld);
        Assert.Null(cache.Until);
    }
}
