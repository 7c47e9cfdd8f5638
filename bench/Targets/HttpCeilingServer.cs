using Cereon.Bench.HttpCeiling;

namespace Cereon.Bench.Targets;

/// <summary>Starts the bare HTTP ceiling (hidden <c>http-ceiling</c> command) serving bytes captured from Cereon.</summary>
internal static class HttpCeilingServer
{
    public const string Name = "bare Kestrel";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Serves the file <paramref name="body"/> (a cached card's body) at <see cref="HttpCeilingCommand.BytesPath"/>, and
    /// replays the file <paramref name="stream"/> (a captured NDJSON stream) line by line at <see cref="HttpCeilingCommand.StreamPath"/>.
    /// </summary>
    public static Task<HttpServer> StartAsync(string? body, string? contentType, string? stream, CancellationToken cancellationToken)
    {
        List<string> args = [];
        if (body is not null)
        {
            args.AddRange(["--body", body, "--content-type", contentType ?? "application/json"]);
        }

        if (stream is not null)
        {
            args.AddRange(["--stream", stream]);
        }

        return HelperServer.StartAsync(Name, HttpCeilingCommand.CommandName, HttpCeilingCommand.HealthPath, StartTimeout, null, null, cancellationToken, [.. args]);
    }
}
