using System.Net;
using System.Net.WebSockets;
using System.Text;
using Cereon.Bench.Soak;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cereon.Tests.Bench.Soak;

/// <summary>
/// The soak's topic churn outlives a socket the server drops (a heartbeat answered late on a busy machine, a rate
/// cap): it connects again and goes on, where it used to end the whole soak with an unhandled exception.
/// </summary>
public sealed class TopicChurnTests
{
    [Fact]
    public async Task WhenTheServerDropsTheSocket_TheChurnConnectsAgain_AndGoesOn()
    {
        var connections = 0;
        var (app, socketUri) = await StartAsync(async socket =>
        {
            if (Interlocked.Increment(ref connections) == 1)
            {
                // The first socket is dropped without a close handshake after its first message.
                await socket.ReceiveAsync(new byte[4096], CancellationToken.None);
                socket.Abort();
                return;
            }

            var buffer = new byte[4096];
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (Encoding.UTF8.GetString(buffer, 0, received.Count).Contains("\"subscribe\"", StringComparison.Ordinal))
                {
                    await socket.SendAsync("""{"action":"subscription_error"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
        });
        await using var server = app;
        var churn = new TopicChurn(socketUri, 50);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await churn.RunAsync(stop.Token);

        Assert.True(connections >= 2, $"{connections} connection(s)");
        Assert.True(churn.Refused > 0, "no answer after the socket was dropped");
    }

    private static async Task<(WebApplication App, Uri SocketUri)> StartAsync(Func<WebSocket, Task> session)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/socket", async (HttpContext http) => await session(await http.WebSockets.AcceptWebSocketAsync()));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/socket"));
    }
}
