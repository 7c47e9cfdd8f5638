using System.Diagnostics;

namespace Cereon.Tests.Integration.Processes;

/// <summary>A bad setting stops the real host at start with one line naming the key and its environment variable.</summary>
[Trait("Category", "Slow")]
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Cereon__Cluster__Clustering", "bogus", "Cereon:Cluster:Clustering")]
    [InlineData("Cereon__Storage__Provider", "postgres", "Cereon__Storage__ConnectionString")]
    [InlineData("Cereon__Cache__HandlerTimeout", "00:05:00", "Cereon__Cache__HandlerTimeout")]
    [InlineData("Cereon__WebSocket__MaxConnections", "0", "Cereon__WebSocket__MaxConnections")]
    [InlineData("Cereon__Logging__Format", "xml", "Cereon__Logging__Format")]
    [InlineData("Cereon__Telemetry__OtlpEndpoint", "collector:4317", "Cereon__Telemetry__OtlpEndpoint")]
    [InlineData("Cereon__Cache__IdleDeactivation", "00:00:30", "Cereon__Cache__IdleDeactivation")]
    [InlineData("Cereon__Auth__JwtSigningKey", "                                    ", "Cereon__Auth__JwtSigningKey")]
    [InlineData("Cereon__Cache__IdleDeactivation", "soon", "Cereon:Cache:IdleDeactivation")]
    [InlineData("Cereon__Silo__HostGateway", "maybe", "Cereon:Silo:HostGateway")]
    public async Task InvalidSetting_StopsTheSilo_WithOneLineNamingTheKey(string variable, string value, string named)
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "Cereon.Silo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(silo);
        start.Environment[variable] = value;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("Invalid configuration:", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }
}
