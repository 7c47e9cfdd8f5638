using Microsoft.Extensions.Options;

namespace Cereon.Grains.Caching;

internal sealed class CardCacheOptionsValidator : IValidateOptions<CardCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CardCacheOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBytes < 0)
        {
            failures.Add("Cereon:Cache:MaxBytes must be zero or more (env Cereon__Cache__MaxBytes).");
        }

        if (options.MaxParameterSetsPerCard < 1)
        {
            failures.Add("Cereon:Cache:MaxParameterSetsPerCard must be at least 1 (env Cereon__Cache__MaxParameterSetsPerCard).");
        }

        if (options.DefaultTtl < TimeSpan.Zero)
        {
            failures.Add("Cereon:Cache:DefaultTtl must not be negative (env Cereon__Cache__DefaultTtl).");
        }

        if (options.IdleDeactivation < TimeSpan.FromSeconds(1))
        {
            failures.Add("Cereon:Cache:IdleDeactivation must be at least 00:00:01 (env Cereon__Cache__IdleDeactivation).");
        }

        if (options.HandlerTimeout <= TimeSpan.Zero || options.HandlerTimeout >= TimeSpan.FromSeconds(30))
        {
            failures.Add("Cereon:Cache:HandlerTimeout must be between 0 and 00:00:30, the grain call timeout (env Cereon__Cache__HandlerTimeout).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
