using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Cereon.Bench.HttpCeiling;

/// <summary>
/// Hidden subcommand: the bare HTTP ceiling. Plain Kestrel with the least code that serves what the Cereon scenarios
/// serve: a cached card's exact bytes, an NDJSON stream's exact lines, a slow stream's first line, and a hand-written
/// single flight around a 200 ms handler. No Orleans, no routing beyond these paths, no logging.
/// </summary>
internal sealed class HttpCeilingCommand : IBenchCommand
{
    public const string CommandName = "http-ceiling";
    public const string HealthPath = "/health";
    public const string BytesPath = "/bytes";
    public const string StreamPath = "/stream";
    public const string SlowStreamPath = "/slow-stream";
    public const string StormPath = "/storm/";
    public const string RunsPath = "/runs/";

    /// <summary>Records per flush, as the gateway's default <c>PacketSize</c>.</summary>
    private const int PacketSize = 1000;

    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _flights = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public string Name => CommandName;

    public string? Usage => null;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var (port, parentPid) = SelfProcess.HelperOptions(args);
        var bodyFile = args.Text("body");
        var contentType = args.Text("content-type") ?? "application/json";
        var streamFile = args.Text("stream");
        args.RejectUnknown();
        var body = bodyFile is null ? [] : await File.ReadAllBytesAsync(bodyFile, cancellationToken);
        var lines = streamFile is null ? [] : SplitLines(await File.ReadAllBytesAsync(streamFile, cancellationToken));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapGet(HealthPath, () => Results.Ok());
        app.MapGet(BytesPath, (HttpContext http) => WriteBytesAsync(http, body, contentType));
        app.MapGet(StreamPath, (HttpContext http) => WriteLinesAsync(http, lines));
        app.MapGet(SlowStreamPath, (HttpContext http, int? waitMs) => WriteSlowAsync(http, TimeSpan.FromMilliseconds(waitMs ?? 1000)));
        app.MapGet(StormPath + "{key}", (HttpContext http, string key) => StormAsync(http, key));
        app.MapGet(RunsPath + "{key}", (string key) => Results.Text(_runs.GetValueOrDefault(key).ToString(CultureInfo.InvariantCulture)));

        await SelfProcess.ServeWhileParentLivesAsync(app, parentPid, cancellationToken);
        return 0;
    }

    private static async Task WriteBytesAsync(HttpContext http, byte[] body, string contentType)
    {
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        await http.Response.BodyWriter.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>The captured stream, one line per write, flushed every <see cref="PacketSize"/> lines and at the end.</summary>
    private static async Task WriteLinesAsync(HttpContext http, List<ReadOnlyMemory<byte>> lines)
    {
        http.Response.ContentType = "application/x-ndjson";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = http.Response.BodyWriter;
        for (var i = 0; i < lines.Count; i++)
        {
            writer.Write(lines[i].Span);
            if ((i + 1) % PacketSize == 0)
            {
                await writer.FlushAsync(http.RequestAborted);
            }
        }

        await writer.FlushAsync(http.RequestAborted);
    }

    private static async Task WriteSlowAsync(HttpContext http, TimeSpan wait)
    {
        http.Response.ContentType = "application/x-ndjson";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.BodyWriter.WriteAsync(Stamped(), http.RequestAborted);
        await Task.Delay(wait, http.RequestAborted);
        await http.Response.BodyWriter.WriteAsync(Stamped(), http.RequestAborted);

        static byte[] Stamped() =>
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"kind":"line","data":[{"producedTicks":{{DateTime.UtcNow.Ticks}}}]}""") + "\n");
    }

    /// <summary>The cold-storm ceiling: every concurrent request for a key awaits one 200 ms run, then its bytes.</summary>
    private async Task StormAsync(HttpContext http, string key)
    {
        var flight = _flights.GetOrAdd(key, k => new Lazy<Task<byte[]>>(() => RunHandlerAsync(k)));
        var body = await flight.Value;
        await WriteBytesAsync(http, body, "application/json");
    }

    private async Task<byte[]> RunHandlerAsync(string key)
    {
        _runs.AddOrUpdate(key, 1, (_, n) => n + 1);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        return """[{"kind":"number","value":42,"label":"cold storm"}]"""u8.ToArray();
    }

    private static List<ReadOnlyMemory<byte>> SplitLines(byte[] bytes)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes.AsMemory(start, i + 1 - start));
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes.AsMemory(start));
        }

        return lines;
    }
}
