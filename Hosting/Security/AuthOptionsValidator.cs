using System.Text;
using Microsoft.Extensions.Options;

namespace Cereon.Hosting.Security;

internal sealed class AuthOptionsValidator(DeploymentMode mode) : IValidateOptions<AuthOptions>
{
    /// <summary>HS256 needs a key of at least 256 bits; shorter keys are guessable and refused by the token library.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Checks the settings alone, as outside production mode (for tools that validate deployment files).</summary>
    public AuthOptionsValidator()
        : this(new DeploymentMode(IsProduction: false))
    {
    }

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var hasKey = !string.IsNullOrEmpty(options.JwtSigningKey);
        var hasAuthority = !string.IsNullOrEmpty(options.Authority);
        if (hasKey && string.IsNullOrWhiteSpace(options.JwtSigningKey))
        {
            failures.Add("Cereon:Auth:JwtSigningKey must not be blank (env Cereon__Auth__JwtSigningKey); generate one with 'openssl rand -base64 48'.");
        }
        else if (hasKey && Encoding.UTF8.GetByteCount(options.JwtSigningKey!) < MinKeyBytes)
        {
            failures.Add($"Cereon:Auth:JwtSigningKey must be at least {MinKeyBytes} bytes (env Cereon__Auth__JwtSigningKey); generate one with 'openssl rand -base64 48'.");
        }

        if (hasKey && hasAuthority)
        {
            failures.Add("Set either Cereon:Auth:JwtSigningKey or Cereon:Auth:Authority, not both (env Cereon__Auth__JwtSigningKey, Cereon__Auth__Authority).");
        }

        if (hasAuthority && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
        {
            failures.Add("Cereon:Auth:Authority must be an absolute URL (env Cereon__Auth__Authority).");
        }

        if (string.IsNullOrWhiteSpace(options.RoleClaimType) || string.IsNullOrWhiteSpace(options.AdminRole))
        {
            failures.Add("Cereon:Auth:RoleClaimType and Cereon:Auth:AdminRole must not be empty (env Cereon__Auth__RoleClaimType, Cereon__Auth__AdminRole).");
        }

        if (options.AdminPort is < 1 or > 65535)
        {
            failures.Add("Cereon:Auth:AdminPort must be a TCP port, 1 to 65535 (env Cereon__Auth__AdminPort).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add("Cereon:Auth:ClockSkew must be between 00:00:00 and 00:05:00 (env Cereon__Auth__ClockSkew).");
        }

        if (mode.IsProduction && !options.Disabled && !hasKey && !hasAuthority)
        {
            failures.Add("Production mode needs authentication: set Cereon__Auth__JwtSigningKey (HS256 secret) or Cereon__Auth__Authority (OpenID Connect issuer), or Cereon__Auth__Disabled=true to run without it behind a proxy that authenticates.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
