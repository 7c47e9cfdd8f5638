using Microsoft.Extensions.Options;

namespace Cereon.Hosting;

internal sealed class LoggingOptionsValidator : IValidateOptions<LoggingOptions>
{
    public ValidateOptionsResult Validate(string? name, LoggingOptions options) =>
        options.Format is LogFormats.Auto or LogFormats.Json or LogFormats.Text
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Cereon:Logging:Format '{options.Format}' is not one of auto, json, text (env Cereon__Logging__Format).");
}
