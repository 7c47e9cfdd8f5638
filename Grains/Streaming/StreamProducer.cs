using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;
using Microsoft.Extensions.Logging;

namespace Cereon.Grains.Streaming;

/// <summary>
/// Runs a streaming card's handler into a <see cref="StreamRecording"/>: records are flattened, validated and
/// serialised here under the card's error policy (protocol.md §5), and batched while the handler has more ready.
/// </summary>
internal static partial class StreamProducer
{
    /// <summary>A batch is cut at this size even while the handler has more ready, so writing starts early.</summary>
    private const int MaxBatchBytes = 64 * 1024;

    /// <summary>Never throws: a failing handler ends the recording with an error.</summary>
    public static async Task RunAsync(StreamingCard card, CardContext context, StreamRecording recording, TimeProvider time, ILogger logger)
    {
        var descriptor = card.Descriptor;
        var cancellation = recording.Cancellation;
        var startedAt = time.GetUtcNow();
        using var batch = new StreamBatchBuilder();
        string? failure = null;
        try
        {
            await using var records = card.StreamAsync(context).GetAsyncEnumerator(cancellation);
            while (failure is null)
            {
                var next = records.MoveNextAsync();
                if (!next.IsCompleted && batch.Count > 0)
                {
                    // The handler has nothing more ready: what is batched goes now rather than wait to fill.
                    await recording.AppendAsync(batch.Build());
                }

                if (!await next)
                {
                    break;
                }

                failure = Add(batch, records.Current, descriptor, startedAt, time.GetUtcNow(), logger);
                if (batch.Count >= descriptor.Streaming.PacketSize || batch.Bytes >= MaxBatchBytes)
                {
                    await recording.AppendAsync(batch.Build());
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Every reader left: nobody will see what the handler would still produce.
            recording.Complete(null, null);
            return;
        }
        catch (Exception ex)
        {
            // Handlers are user code: whatever they throw ends the stream with an error, logged here with its details.
            LogHandlerFailed(logger, descriptor.Route, ex);
            failure = "Card handler failed.";
        }

        recording.Complete(batch.Count > 0 ? batch.Build() : null, failure);
    }

    /// <summary>Adds a record as its card's error policy says; returns the failure that ends the stream, if any.</summary>
    private static string? Add(
        StreamBatchBuilder batch, CardRecord record, CardDescriptor card, DateTimeOffset startedAt, DateTimeOffset finishedAt, ILogger logger)
    {
        if (batch.TryAdd(record, card, startedAt, finishedAt))
        {
            return null;
        }

        var (wire, error) = RecordWriter.Flatten(record, card, RecordTiming.Meta(startedAt, finishedAt));
        if (wire is not null)
        {
            batch.Add(wire);
            return null;
        }

        LogInvalidRecord(logger, card.Route, card.Streaming.ErrorPolicy, error!);
        switch (card.Streaming.ErrorPolicy)
        {
            case StreamErrorPolicies.Log:
                batch.Add(new JsonObject { ["__validation_error"] = error });
                return null;
            case StreamErrorPolicies.Fail:
                return $"Card produced an invalid record: {error}";
            default:
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Streaming card {Route} handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming card {Route} produced an invalid record ({Policy}): {Reason}")]
    private static partial void LogInvalidRecord(ILogger logger, string route, string policy, string reason);
}
