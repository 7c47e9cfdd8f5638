using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Processes;

/// <summary>
/// A graceful stop of the embedded default while browsers watch live cards and acknowledge messages (issue 13): the
/// sockets are closed with 1012 and the process stops on its own, quietly.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ShutdownLogTests
{
    [Fact]
    public async Task GracefulStop_WithLiveViewersWhoAcknowledge_LogsNoErrors_AndCancelsNothing()
    {
        var silo = await EmbeddedSiloProcess.StartAsync(new Dictionary<string, string>());
        var viewers = new List<LiveClient>();
        try
        {
            foreach (var card in new[] { "showcase_ticker", "live_active_users", "showcase_ticker" })
            {
                var viewer = await LiveClient.ConnectAsync(silo.BaseAddress, $"/api/cards/{card}");
                viewers.Add(viewer);
                await viewer.SubscribeAsync(Keys.Fresh(), topic: card, cardId: card);
            }

            foreach (var viewer in viewers)
            {
                var data = await viewer.ReceiveDataAsync(2);
                await viewer.SendAsync(new JsonObject { ["action"] = "ack", ["messageId"] = (string?)data[^1]["id"] });
            }

            // Acknowledgements reach the grains' state within the gateway's flush interval, leaving it to be written.
            await Task.Delay(500);
            var closed = viewers.Select(v => Assert.ThrowsAnyAsync<InvalidOperationException>(() => v.ReceiveUntilAsync(_ => false, TimeSpan.FromSeconds(90)))).ToList();
            await silo.StopGracefullyAsync();
            await Task.WhenAll(closed);

            var lines = silo.StdoutLines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            Assert.All(viewers, v => Assert.Equal(1012, (int?)v.CloseStatus));
            Assert.Empty(lines.Where(l => (string?)l["@l"] is "Error" or "Fatal").Select(l => $"{l["@l"]}: {l["@m"]} {l["@x"]}"));
            Assert.Empty(lines.Where(l => ((string?)l["@m"])?.Contains("canceled", StringComparison.OrdinalIgnoreCase) == true).Select(l => (string?)l["@m"]));
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.DisposeAsync();
            }

            await silo.DisposeAsync();
        }
    }
}
