using System.Text.Json;
using Cereon.Gateway.Errors;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.AspNetCore.Http.Features;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Answers a <c>streaming-http</c> card (protocol.md §5): records are written as the grain yields them, and what is
/// buffered is flushed whenever no further record is ready, so no record waits for a batch to fill.
/// </summary>
internal sealed partial class StreamingCardResponder(IGrainFactory grains, ILogger<StreamingCardResponder> logger)
{
    public async Task RespondAsync(HttpContext http, CardDescriptor card, string canonicalParams)
    {
        var framing = StreamFraming.For(card);
        var grain = grains.GetGrain<IStreamingCardGrain>(StreamingCardKeys.ForRequest(card.Route));
        var request = new CardRequest(canonicalParams, http.Request.Method, CallerClaims.For(http.User, card).Caller);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = framing.MediaType;
        response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var body = response.BodyWriter;
        var aborted = http.RequestAborted;
        var written = 0;
        var unflushed = 0;
        var failed = false;
        await body.WriteAsync(framing.Start, aborted);
        try
        {
            await using var chunks = grain.StreamAsync(request).GetAsyncEnumerator(aborted);
            while (true)
            {
                var next = chunks.MoveNextAsync();
                if (!next.IsCompleted && unflushed > 0)
                {
                    await body.FlushAsync(aborted);
                    unflushed = 0;
                }

                if (!await next)
                {
                    break;
                }

                var chunk = chunks.Current;
                if (chunk.IsFailure)
                {
                    failed = true;
                    LogStreamFailed(logger, card.Route, chunk.Error!);
                    if (framing.IsSse)
                    {
                        var error = new ErrorBody(chunk.Error!, card.CardId, GatewayErrors.TraceIdOf(http));
                        await body.WriteAsync(StreamFraming.SseError(JsonSerializer.SerializeToUtf8Bytes(error, GatewayJsonContext.Default.ErrorBody)), aborted);
                    }

                    break;
                }

                await body.WriteAsync(written++ == 0 ? framing.BeforeFirst : framing.BeforeNext, aborted);
                await body.WriteAsync(chunk.Json, aborted);
                await body.WriteAsync(framing.After, aborted);
                if (++unflushed >= card.PacketSize)
                {
                    await body.FlushAsync(aborted);
                    unflushed = 0;
                }
            }

            // A failed stream ends without the format's closing bytes, so a reader can tell it from a complete one.
            await body.WriteAsync(failed ? [] : framing.End, aborted);
            await body.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // Disposing the enumeration above told the grain to cancel the handler; the client is gone.
            LogClientLeft(logger, card.Route);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Headers are sent, so the status cannot change: end the stream early and say why in the log.
            LogClusterFailed(logger, card.Route, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client left streaming card {Route}")]
    private static partial void LogClientLeft(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming card {Route} ended with an error: {Error}")]
    private static partial void LogStreamFailed(ILogger logger, string route, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming card {Route} lost its grain mid-stream")]
    private static partial void LogClusterFailed(ILogger logger, string route, Exception exception);
}
