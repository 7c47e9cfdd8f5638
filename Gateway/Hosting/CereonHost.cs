using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Hosting;

/// <summary>Runs a host so that a bad configuration ends the process with one line naming the key, not a stack trace.</summary>
public static class CereonHost
{
    public static async Task<int> RunAsync(Func<WebApplication> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            await using var app = build();
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync("Invalid configuration: " + string.Join(" ", invalid.Failures));
            return 2;
        }
    }
}
