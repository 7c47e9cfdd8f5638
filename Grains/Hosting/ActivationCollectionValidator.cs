using Cereon.Grains.Caching;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cereon.Grains.Hosting;

/// <summary>
/// The bounds Orleans' own check of <see cref="GrainCollectionOptions"/> enforces when the silo starts (it throws
/// from deep in the host's start), checked with the other options so a bad value ends the start with one line that
/// names the Cereon setting behind it.
/// </summary>
internal sealed class ActivationCollectionValidator : IValidateOptions<GrainCollectionOptions>
{
    /// <summary>The Cereon settings behind per-grain-class collection ages, by grain class.</summary>
    private static readonly Dictionary<string, (string Key, string Variable)> Settings = new(StringComparer.Ordinal)
    {
        [typeof(CardGrain).FullName!] = ("Cereon:Cache:IdleDeactivation", "Cereon__Cache__IdleDeactivation"),
    };

    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new List<string>();
        var quantum = options.CollectionQuantum;
        if (quantum <= TimeSpan.Zero)
        {
            failures.Add($"Orleans' GrainCollectionOptions.CollectionQuantum must be positive; it is {quantum}.");
        }

        if (options.CollectionAge <= quantum)
        {
            failures.Add($"Orleans' GrainCollectionOptions.CollectionAge must be longer than its CollectionQuantum ({quantum}); it is {options.CollectionAge}.");
        }

        foreach (var (grainClass, age) in options.ClassSpecificCollectionAge.Where(entry => entry.Value <= quantum))
        {
            failures.Add(Settings.TryGetValue(grainClass, out var setting)
                ? $"{setting.Key} must be longer than Orleans' activation collection quantum, {quantum}; it is {age} (env {setting.Variable})."
                : $"The collection age of {grainClass} must be longer than Orleans' CollectionQuantum ({quantum}); it is {age}.");
        }

        if (options.EnableActivationSheddingOnMemoryPressure)
        {
            CheckMemoryPressure(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckMemoryPressure(GrainCollectionOptions options, List<string> failures)
    {
        if (options.MemoryUsagePollingPeriod <= TimeSpan.Zero)
        {
            failures.Add($"Orleans' GrainCollectionOptions.MemoryUsagePollingPeriod must be positive; it is {options.MemoryUsagePollingPeriod}.");
        }

        if (options.MemoryUsageLimitPercentage is < 0 or > 100 || options.MemoryUsageTargetPercentage is < 0 or > 100)
        {
            failures.Add("Orleans' GrainCollectionOptions.MemoryUsageLimitPercentage and MemoryUsageTargetPercentage must be between 0 and 100.");
        }

        if (options.MemoryUsageTargetPercentage >= options.MemoryUsageLimitPercentage)
        {
            failures.Add($"Orleans' GrainCollectionOptions.MemoryUsageTargetPercentage ({options.MemoryUsageTargetPercentage}) must be below its MemoryUsageLimitPercentage ({options.MemoryUsageLimitPercentage}).");
        }
    }
}
