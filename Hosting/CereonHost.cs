using Microsoft.Extensions.Options;

namespace Cereon.Hosting;

/// <summary>Runs a host so that a bad configuration ends the process with one line naming the key, not a stack trace.</summary>
public static class CereonHost
{
    private static readonly string? BinderAssembly = typeof(ConfigurationBinder).Assembly.GetName().Name;

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
        catch (InvalidOperationException unreadable) when (unreadable.Source == BinderAssembly)
        {
            // A value of the wrong type ("soon" for a TimeSpan) fails in the binder, before any validator runs; its
            // message names the key and the type, which is the one line wanted.
            await Console.Error.WriteLineAsync("Invalid configuration: " + unreadable.Message);
            return 2;
        }
    }
}
