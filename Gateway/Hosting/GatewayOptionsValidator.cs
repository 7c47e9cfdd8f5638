using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Hosting;

internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.MaxParamsBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("Cereon:Gateway:MaxParamsBytes must be between 1024 and 16777216 (env Cereon__Gateway__MaxParamsBytes).");
        }

        if (options.CatalogRefreshInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add("Cereon:Gateway:CatalogRefreshInterval must be at least 00:00:00.1 (env Cereon__Gateway__CatalogRefreshInterval).");
        }

        if (options.MaxRequestBodyBytes < options.MaxParamsBytes)
        {
            failures.Add("Cereon:Gateway:MaxRequestBodyBytes must be at least Cereon:Gateway:MaxParamsBytes (env Cereon__Gateway__MaxRequestBodyBytes).");
        }

        if (options.ResponseCacheBytes < 0)
        {
            failures.Add("Cereon:Gateway:ResponseCacheBytes must be 0 (off) or more (env Cereon__Gateway__ResponseCacheBytes).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
