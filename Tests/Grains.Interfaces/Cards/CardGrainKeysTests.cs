using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Tests.Grains.Interfaces.Cards;

public sealed class CardGrainKeysTests
{
    [Fact]
    public void Keys_AreReadable_AndHoldNoBraces()
    {
        var key = CardGrainKeys.For("/api/cards/churn_cohort", "{\"filters\":{\"cohort_month\":\"2025-03\"}}");

        Assert.Equal("/api/cards/churn_cohort?(\"filters\":(\"cohort_month\":\"2025-03\"))", key);
        Assert.Equal("/api/cards/churn_cohort", CardGrainKeys.RouteOf(key));
    }

    [Theory]
    [InlineData("{\"a\":\"(\"}", "{\"a\":\"{\"}")]
    [InlineData("{\"a\":\")\"}", "{\"a\":\"}\"}")]
    public void ParametersThatWouldLookAlike_GetDistinctKeys(string first, string second)
    {
        Assert.NotEqual(CardGrainKeys.For("/c", first), CardGrainKeys.For("/c", second));
        Assert.StartsWith("/c#sha256:", CardGrainKeys.For("/c", first), StringComparison.Ordinal);
    }

    [Fact]
    public void LongParameters_AreHashed()
    {
        var key = CardGrainKeys.For("/c", "{\"pad\":\"" + new string('x', 300) + "\"}");

        Assert.Equal("/c#sha256:".Length + 64, key.Length);
        Assert.Equal("/c", CardGrainKeys.RouteOf(key));
    }

    [Fact]
    public void LiveKeys_CarryTheTopic_AndTheRoute()
    {
        var key = LiveCardKeys.For("/api/cards/ticker", null, "{}");

        Assert.Equal("/api/cards/ticker@default?()", key);
        Assert.Equal("/api/cards/ticker", LiveCardKeys.RouteOf(key));
    }
}
