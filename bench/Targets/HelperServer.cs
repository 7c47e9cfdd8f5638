using System.Globalization;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>Starts one of the bench's own server commands as a child process on a free loopback port and waits for its 200.</summary>
internal static class HelperServer
{
    public static Task<HttpServer> StartAsync(
        string name, string command, string readyPath, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment,
        string? overrides, CancellationToken cancellationToken, params string[] args)
    {
        var port = FreePort.Next();
        var start = SelfProcess.StartInfo(command, ["--port", port.ToString(CultureInfo.InvariantCulture), .. args]);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var baseUrl = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        return HttpServer.StartAsync(name, start, baseUrl, readyPath, timeout, overrides, cancellationToken);
    }
}
