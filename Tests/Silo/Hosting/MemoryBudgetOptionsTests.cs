using System.Globalization;
using Cereon.Grains.Caching;
using Cereon.Silo.Hosting;

namespace Cereon.Tests.Silo.Hosting;

public sealed class MemoryBudgetOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new MemoryOptionsValidator().Validate(null, new MemoryOptions()).Succeeded);
        Assert.True(new CardCacheOptionsValidator().Validate(null, new CardCacheOptions()).Succeeded);
    }

    [Theory]
    [InlineData(-1, 80, 70, "Cereon__Memory__DirectoryCacheSize")]
    [InlineData(100, 0, 70, "Cereon__Memory__ShedAbovePercent")]
    [InlineData(100, 101, 70, "Cereon__Memory__ShedAbovePercent")]
    [InlineData(100, 80, 80, "Cereon__Memory__ShedTargetPercent")]
    [InlineData(100, 80, 0, "Cereon__Memory__ShedTargetPercent")]
    public void MemoryOptions_OutOfRange_NameTheirVariable(int cacheSize, double above, double target, string variable)
    {
        var result = new MemoryOptionsValidator().Validate(null, new MemoryOptions { DirectoryCacheSize = cacheSize, ShedAbovePercent = above, ShedTargetPercent = target });

        Assert.True(result.Failed);
        Assert.Contains(variable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "00:05:00", "Cereon__Memory__ReclaimAfterActivationsGone")]
    [InlineData(500, "00:00:59", "Cereon__Memory__ReclaimMinInterval")]
    public void ReclaimSettings_OutOfRange_NameTheirVariable(int activationsGone, string minInterval, string variable)
    {
        var options = new MemoryOptions { ReclaimAfterActivationsGone = activationsGone, ReclaimMinInterval = TimeSpan.Parse(minInterval, CultureInfo.InvariantCulture) };

        var result = new MemoryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(variable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ParameterSetBudget_BelowOne_NamesItsVariable()
    {
        var result = new CardCacheOptionsValidator().Validate(null, new CardCacheOptions { MaxParameterSetsPerCard = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Cereon__Cache__MaxParameterSetsPerCard", result.FailureMessage, StringComparison.Ordinal);
    }
}
