using Cereon.Gateway.Security;
using Cereon.Grains.Live;

namespace Cereon.Tests.Grains.Live;

/// <summary>The bounds on live work refuse values that would switch them off, naming the environment variable.</summary>
public sealed class LiveBoundsOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void MaxProducersPerCard_OutOfRange_IsRefused(int value)
    {
        var result = new LiveCardOptionsValidator().Validate(null, new LiveCardOptions { MaxProducersPerCard = value });

        Assert.True(result.Failed);
        Assert.Contains("Cereon__Live__MaxProducersPerCard", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, "Cereon__RateLimits__LiveStreamsPerSecond")]
    [InlineData(5, 0, "Cereon__RateLimits__LiveStreamBurst")]
    public void LiveStreamRate_BelowOne_IsRefused(int perSecond, int burst, string named)
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { LiveStreamsPerSecond = perSecond, LiveStreamBurst = burst });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new LiveCardOptionsValidator().Validate(null, new LiveCardOptions()).Succeeded);
        Assert.True(new RateLimitOptionsValidator().Validate(null, new RateLimitOptions()).Succeeded);
    }
}
