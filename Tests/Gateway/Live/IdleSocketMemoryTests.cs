using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// A socket waiting for its client's next message holds no receive buffer. Each used to hold one of the largest
/// message's size (64 KiB, which the pool rounds up to 128 KiB) for its whole life: RSS hardly showed it, as the pages
/// were never written, but the GC counted every one as committed, 1.25 GB for 10,000 viewers, against a container's
/// heap limit. Seen from outside through the silo's own allocation counter, in a silo of its own.
/// </summary>
public sealed class IdleSocketMemoryTests
{
    private const int Sockets = 300;
    private const string AllocatedBytes = "dotnet_gc_heap_total_allocated_bytes_total";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ASocketThatAnsweredAPing_HasNotAllocatedAMessageSizedBuffer()
    {
        await using var silo = await EmbeddedSiloProcess.StartAsync(new Dictionary<string, string> { ["Cereon__RateLimits__Enabled"] = "false" });
        var sockets = new List<LiveClient>();
        try
        {
            var before = await AllocatedAsync(silo);
            for (var i = 0; i < Sockets; i++)
            {
                sockets.Add(await LiveClient.ConnectAsync(silo.BaseAddress, "/api/cards/showcase_ticker"));
            }

            // A pong from each proves its receive loop took a message and went back to waiting for the next.
            foreach (var socket in sockets)
            {
                await socket.SendAsync(new JsonObject { ["action"] = "ping" });
                await socket.ReceiveUntilAsync(m => (string?)m["action"] == "pong");
            }

            var perSocket = (await AllocatedAsync(silo) - before) / Sockets;

            // Everything else a socket costs (its session, queue, Kestrel's connection) and the silo's own background
            // work in the meantime come to well under this; one buffer of the largest message alone is 128 KiB.
            Assert.True(perSocket < 48 * 1024, $"each socket allocated {perSocket / 1024:N0} KiB");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The silo's bytes allocated so far. The exporter answers a scrape within 300 ms of the last with that one's text,
    /// so a scrape follows a longer pause.
    /// </summary>
    private static async Task<double> AllocatedAsync(EmbeddedSiloProcess silo)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var samples = await PrometheusText.ScrapeAsync(silo.Http, silo.BaseAddress);
        Assert.Contains(samples, s => s.Name == AllocatedBytes);
        return samples.Sum(AllocatedBytes);
    }
}
