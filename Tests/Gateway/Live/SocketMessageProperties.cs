using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using Cereon.Tests.Infrastructure;
using FsCheck.Xunit;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// Properties of the WebSocket message handling over generated bad frames, on a real socket: every frame is either
/// answered (an error, or the protocol's answer) with the connection still serving a ping, or the connection is
/// closed with 1009 (too big), or dropped at once for a text frame that is not UTF-8. Never a hang, never a crash.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class SocketMessageProperties(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);
    private LiveClient? _client;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    [Property(Arbitrary = [typeof(BadInputs)], MaxTest = 150)]
    public Task AnyTextFrame_IsAnswered_OrClosedClearly(BadText frame) => SendAndCheckAsync(Encoding.UTF8.GetBytes(frame.Text));

    [Property(Arbitrary = [typeof(BadInputs)], MaxTest = 100)]
    public Task AnyBytes_AreAnswered_OrClosedClearly(BadBytes frame) => SendAndCheckAsync(frame.Bytes);

    private async Task SendAndCheckAsync(byte[] frame)
    {
        _client ??= await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live?topic=a");
        await _client.SendBytesAsync(frame);
        if (!Utf8.IsValid(frame))
        {
            await AssertDroppedAsync();
            return;
        }

        await _client.SendTextAsync("{\"action\":\"ping\"}");
        while (await _client.ReceiveAsync(AnswerTimeout) is { } message)
        {
            Assert.True(message["action"] is not null || message["seq"] is not null, message.ToJsonString());
            if ((string?)message["action"] == "pong")
            {
                return;
            }
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, _client.CloseStatus);
        await ReconnectNextTimeAsync();
    }

    /// <summary>
    /// A text frame that is not UTF-8 breaks the WebSocket protocol itself: .NET's socket sends 1007 and drops the
    /// connection at once (the client may see the close frame or, with its data unread, a reset), never a hang.
    /// </summary>
    private async Task AssertDroppedAsync()
    {
        try
        {
            while (await _client!.ReceiveAsync(AnswerTimeout) is not null)
            {
            }

            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, _client.CloseStatus);
        }
        catch (WebSocketException reset)
        {
            Assert.Equal(WebSocketError.ConnectionClosedPrematurely, reset.WebSocketErrorCode);
        }

        await ReconnectNextTimeAsync();
    }

    private async Task ReconnectNextTimeAsync()
    {
        await _client!.DisposeAsync();
        _client = null;
    }
}
