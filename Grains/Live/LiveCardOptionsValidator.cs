using Microsoft.Extensions.Options;

namespace Cereon.Grains.Live;

internal sealed class LiveCardOptionsValidator : IValidateOptions<LiveCardOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveCardOptions options)
    {
        var failures = new List<string>();
        if (options.RetainCount is < 1 or > 100_000)
        {
            failures.Add("Cereon:Live:RetainCount must be between 1 and 100000 (env Cereon__Live__RetainCount).");
        }

        if (options.MaxAppendBatch is < 1 or > 10_000)
        {
            failures.Add("Cereon:Live:MaxAppendBatch must be between 1 and 10000 (env Cereon__Live__MaxAppendBatch).");
        }

        if (options.MaxAppendsInFlight is < 1 or > 16)
        {
            failures.Add("Cereon:Live:MaxAppendsInFlight must be between 1 and 16 (env Cereon__Live__MaxAppendsInFlight).");
        }

        if (options.MaxProducersPerCard is < 1 or > 1_000_000)
        {
            failures.Add("Cereon:Live:MaxProducersPerCard must be between 1 and 1000000 (env Cereon__Live__MaxProducersPerCard).");
        }

        Positive(options.RetainAge, "RetainAge", failures);
        Positive(options.LeaseTtl, "LeaseTtl", failures);
        Positive(options.StateFlushInterval, "StateFlushInterval", failures);
        if (options.Linger < TimeSpan.Zero)
        {
            failures.Add("Cereon:Live:Linger must not be negative (env Cereon__Live__Linger).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Cereon:Live:{key} must be positive (env Cereon__Live__{key}).");
        }
    }
}
