using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cereon.Bench.Measurement;

namespace Cereon.Bench.Soak;

/// <summary>
/// One socket that subscribes to an invented topic of a live card and unsubscribes again, at a steady pace. The
/// server may serve the topic or refuse it with <c>subscription_error</c>; either answer counts, since what is
/// measured is that churning topics leaves no memory behind, not which topics a card serves.
/// </summary>
internal sealed class TopicChurn(Uri socketUri, int perSecond)
{
    private long _answered;
    private long _refused;

    public long Answered => Interlocked.Read(ref _answered);

    public long Refused => Interlocked.Read(ref _refused);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string lost;
            try
            {
                await ChurnOnOneSocketAsync(stop);
                lost = "closed by the server";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // A send racing the socket's abort fails as cancelled, not as a WebSocketException.
                lost = ex.Message;
            }

            // The server dropped the socket (on a busy machine a heartbeat answered late is enough): the churn goes
            // on over a new one, as a client would reconnect.
            await Console.Error.WriteLineAsync($"[{DateTime.Now:HH:mm:ss}] soak: topic churn socket lost ({lost}); connecting again");
            await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Churns over one socket until the server closes it or the churn stops.</summary>
    private async Task ChurnOnOneSocketAsync(CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        using var send = new SemaphoreSlim(1, 1);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(socketUri, stop);
        var receiving = ReceiveAsync(socket, send, stop);
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        try
        {
            for (var i = 0L; socket.State == WebSocketState.Open && await pace.WaitForNextTickAsync(stop); i++)
            {
                var id = "churn-" + i.ToString(CultureInfo.InvariantCulture);
                await SendAsync(socket, send, $$"""{"action":"subscribe","subscriptionId":"{{id}}","topic":"soak-{{Guid.NewGuid():N}}","ackPolicy":"auto"}""", stop);
                await SendAsync(socket, send, $$"""{"action":"unsubscribe","subscriptionId":"{{id}}"}""", stop);
            }
        }
        finally
        {
            socket.Abort();
            await receiving;
        }
    }

    private static async Task SendAsync(ClientWebSocket socket, SemaphoreSlim send, string text, CancellationToken stop)
    {
        await send.WaitAsync(stop);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, stop);
        }
        finally
        {
            send.Release();
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, SemaphoreSlim send, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                await OnMessageAsync(socket, send, message.ToArray(), stop);
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task OnMessageAsync(ClientWebSocket socket, SemaphoreSlim send, byte[] frame, CancellationToken stop)
    {
        switch (LiveMessage.Parse(frame).Kind)
        {
            case LiveMessageKind.Subscribed:
                Interlocked.Increment(ref _answered);
                break;
            case LiveMessageKind.Refused:
                Interlocked.Increment(ref _answered);
                Interlocked.Increment(ref _refused);
                break;
            case LiveMessageKind.Ping:
                await SendAsync(socket, send, """{"action":"pong"}""", stop);
                break;
            case LiveMessageKind.Invalid:
                throw new JsonException("The server sent a frame that is not a JSON object.");
        }
    }
}
