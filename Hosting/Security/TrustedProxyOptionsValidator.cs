using Microsoft.Extensions.Options;

namespace Cereon.Hosting.Security;

internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var failures = new List<string>();
        if (options.KnownProxies.Any(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            failures.Add("Cereon:Gateway:KnownProxies must be IP addresses (env Cereon__Gateway__KnownProxies__0, __1, ...).");
        }

        if (options.KnownNetworks.Any(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            failures.Add("Cereon:Gateway:KnownNetworks must be CIDR networks such as 10.0.0.0/8 (env Cereon__Gateway__KnownNetworks__0, __1, ...).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
