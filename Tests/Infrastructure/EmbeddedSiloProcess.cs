using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cereon.Bench.Processes;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// The embedded default as a user runs it (<c>dotnet Cereon.Silo.dll</c>: silo, gateway and Orleans Dashboard in one
/// process) as a separate process on free loopback ports, production environment, with its stdout kept line by line.
/// </summary>
public sealed class EmbeddedSiloProcess : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _stdout = new();
    private Process _process = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    /// <summary>Starts one outside a fixture, with extra environment variables (e.g. OTLP settings).</summary>
    public static async Task<EmbeddedSiloProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] launcher)
    {
        var process = new EmbeddedSiloProcess();
        await process.StartCoreAsync(environment, launcher);
        return process;
    }

    public async ValueTask InitializeAsync() => await StartCoreAsync(new Dictionary<string, string>(), []);

    /// <summary>Starts it, through <paramref name="launcher"/> (a command and its arguments, e.g. <c>prlimit --nofile=…</c>) when given.</summary>
    private async Task StartCoreAsync(IReadOnlyDictionary<string, string> environment, string[] launcher)
    {
        var httpPort = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var start = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (launcher.Length > 0)
        {
            foreach (var argument in launcher.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cereon.Silo.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["Cereon__Logging__Format"] = "json";
        start.Environment["Cereon__Cluster__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Cereon__Cluster__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _stdout.Enqueue(line.Data);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var ready = false;
        try
        {
            await WaitUntilReadyAsync();
            ready = true;
        }
        finally
        {
            if (!ready)
            {
                await DisposeAsync();
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            Assert.False(_process.HasExited, "The silo process exited at start: " + string.Join('\n', _stdout));
            try
            {
                using var ready = await Http.GetAsync("/health/ready");
                using var reports = await Http.GetAsync("/api/reports");
                if (ready.StatusCode == HttpStatusCode.OK && reports.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "The silo process was not ready within 90 s.");
            await Task.Delay(250);
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or a rolling update does, and waits for the process to exit.</summary>
    public async Task StopGracefullyAsync()
    {
        await Commands.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], AppContext.BaseDirectory, TimeSpan.FromSeconds(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedSilo : ICollectionFixture<EmbeddedSiloProcess>
{
    public const string Name = "embedded-silo-process";
}
