using System.Buffers;
using System.Text.Json;
using Cereon.Gateway.Errors;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Answers a <c>streaming-http</c> card (protocol.md §5): the grain's batches of serialised records are framed and
/// written as they arrive, and what is written is flushed whenever no further batch is ready, so no record waits for
/// a batch to fill. The headers go out with the first records. A card with a TTL whose run is recorded is answered
/// from the recording in one grain call.
/// </summary>
internal sealed partial class StreamingCardResponder(CardGrainReferences grains, ILogger<StreamingCardResponder> logger)
{
    /// <summary>Most batches one grain call brings back (Orleans' default is 100): about 1 MiB at 64 KiB a batch.</summary>
    private const int BatchesPerCall = 16;

    public async Task RespondAsync(HttpContext http, CardDescriptor card, string canonicalParams)
    {
        var framing = StreamFraming.For(card);
        var (caller, partition) = CallerClaims.For(http.User, card);
        var grain = grains.Streaming(StreamingCardKeys.For(card, canonicalParams, partition));
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = framing.MediaType;
        response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var body = response.BodyWriter;
        var aborted = http.RequestAborted;
        var records = new FramedBatchWriter(body, framing, card.Streaming.PacketSize);
        body.Write(framing.Start);
        try
        {
            var last = card.Http.CacheTtl > TimeSpan.Zero ? await grain.GetRecordedAsync() : null;
            if (last is not null)
            {
                await records.WriteAsync(last, aborted);
            }
            else
            {
                last = await StreamAsync(grain, new CardRequest(canonicalParams, http.Request.Method, caller), records, aborted);
            }

            if (last?.Error is { } error)
            {
                // A failed stream ends without the format's closing bytes, so a reader can tell it from a complete one.
                LogStreamFailed(logger, card.Route, error);
                if (framing.IsSse)
                {
                    var errorBody = new ErrorBody(error, card.CardId, JsonErrors.TraceIdOf(http));
                    body.Write(StreamFraming.SseError(JsonSerializer.SerializeToUtf8Bytes(errorBody, GatewayJsonContext.Default.ErrorBody)));
                }
            }
            else
            {
                body.Write(framing.End);
            }

            await body.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // Disposing the enumeration told the grain this reader left; the client is gone.
            LogClientLeft(logger, card.Route);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Headers may be sent, so the status cannot change: end the stream early and say why in the log.
            LogClusterFailed(logger, card.Route, ex);
        }
    }

    /// <summary>Writes the batches as the grain yields them; returns the last (null if the stream ended without one).</summary>
    private static async Task<StreamBatch?> StreamAsync(
        IStreamingCardGrain grain, CardRequest request, FramedBatchWriter records, CancellationToken aborted)
    {
        await using var batches = grain.StreamAsync(request).WithBatchSize(BatchesPerCall).GetAsyncEnumerator(aborted);
        StreamBatch? batch = null;
        while (batch is not { IsLast: true })
        {
            var next = batches.MoveNextAsync();
            if (!next.IsCompleted && records.Unflushed > 0)
            {
                await records.FlushAsync(aborted);
            }

            if (!await next)
            {
                break;
            }

            batch = batches.Current;
            await records.WriteAsync(batch, aborted);
        }

        return batch;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client left streaming card {Route}")]
    private static partial void LogClientLeft(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming card {Route} ended with an error: {Error}")]
    private static partial void LogStreamFailed(ILogger logger, string route, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming card {Route} lost its grain mid-stream")]
    private static partial void LogClusterFailed(ILogger logger, string route, Exception exception);
}
