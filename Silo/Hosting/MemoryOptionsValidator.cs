using Microsoft.Extensions.Options;

namespace Cereon.Silo.Hosting;

internal sealed class MemoryOptionsValidator : IValidateOptions<MemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryOptions options)
    {
        var failures = new List<string>();
        if (options.DirectoryCacheSize < 0)
        {
            failures.Add("Cereon:Memory:DirectoryCacheSize must be zero or more (env Cereon__Memory__DirectoryCacheSize).");
        }

        // The bounds Orleans' own GrainCollectionOptions validator enforces, named here by our settings.
        if (options.ShedAbovePercent is <= 0 or > 100)
        {
            failures.Add("Cereon:Memory:ShedAbovePercent must be above 0 and at most 100 (env Cereon__Memory__ShedAbovePercent).");
        }

        if (options.ShedTargetPercent <= 0 || options.ShedTargetPercent >= options.ShedAbovePercent)
        {
            failures.Add("Cereon:Memory:ShedTargetPercent must be above 0 and below ShedAbovePercent (env Cereon__Memory__ShedTargetPercent).");
        }

        if (options.ReclaimAfterActivationsGone < 0)
        {
            failures.Add("Cereon:Memory:ReclaimAfterActivationsGone must be zero (off) or more (env Cereon__Memory__ReclaimAfterActivationsGone).");
        }

        if (options.ReclaimMinInterval < TimeSpan.FromMinutes(1))
        {
            failures.Add("Cereon:Memory:ReclaimMinInterval must be at least 00:01:00 (env Cereon__Memory__ReclaimMinInterval).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
