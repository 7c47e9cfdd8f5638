using Microsoft.Extensions.Options;

namespace Cereon.Hosting;

/// <summary>
/// Reads and validates settings that shape the host before its container is built (which clustering, which
/// storage), failing the start the same way <c>ValidateOnStart</c> does for everything else.
/// </summary>
public static class ValidatedSettings
{
    public static TOptions Read<TOptions>(IConfiguration configuration, string section, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(validator);
        var options = configuration.GetSection(section).Get<TOptions>() ?? new();
        var result = validator.Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TOptions), result.Failures) : options;
    }
}
