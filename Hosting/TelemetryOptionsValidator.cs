using Microsoft.Extensions.Options;

namespace Cereon.Hosting;

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.OtlpEndpoint is not { Length: > 0 } endpoint
        || (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Cereon:Telemetry:OtlpEndpoint '{endpoint}' is not an absolute http(s) URL (env Cereon__Telemetry__OtlpEndpoint).");
}
