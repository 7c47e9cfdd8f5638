using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Cluster;

/// <summary>
/// A WebSocket viewer that behaves like the stock front end, plus resume: when its connection ends it reconnects,
/// to the next gateway, and subscribes again with the last seq and epoch it saw. It records every seq it receives.
/// </summary>
public sealed class ResumingWatcher(IReadOnlyList<Uri> gateways, int firstGateway, string path)
{
    private readonly List<long> _seqs = [];
    private readonly List<bool> _recovered = [];
    private string? _epoch;

    public IReadOnlyList<long> Seqs => _seqs;

    /// <summary>The <c>recovered</c> flag of every re-subscription after the first.</summary>
    public IReadOnlyList<bool> Resumes => _recovered.Skip(1).ToList();

    public int Reconnects { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var gateway = firstGateway;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var client = await LiveClient.ConnectAsync(gateways[gateway % gateways.Count], path);
                await client.SubscribeAsync("watcher", resumeSeq: _seqs.Count > 0 ? _seqs[^1] : null, epoch: _epoch);
                while (!stop.IsCancellationRequested)
                {
                    var message = await client.ReceiveAsync(TimeSpan.FromSeconds(30)) ?? throw new WebSocketException("closed");
                    if ((string?)message["action"] == "subscribed")
                    {
                        _epoch = (string?)message["epoch"];
                        _recovered.Add((bool)message["recovered"]!);
                    }
                    else if (message["seq"] is { } seq)
                    {
                        _seqs.Add((long)seq);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException or System.Net.Http.HttpRequestException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                Reconnects++;
                gateway++;
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    /// <summary>Seqs that are not the previous one plus one: gaps and duplicates both show here.</summary>
    public IReadOnlyList<(long After, long Got)> Discontinuities() =>
        [.. _seqs.Zip(_seqs.Skip(1)).Where(p => p.Second != p.First + 1).Select(p => (p.First, p.Second))];
}
