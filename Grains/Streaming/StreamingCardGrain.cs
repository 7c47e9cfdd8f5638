using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Cereon.Grains.Streaming;

/// <summary>
/// Streams one request's records (protocol.md §5) and applies the card's error policy, so gateways only frame bytes.
/// </summary>
// One activation per request (see StreamingCardKeys), placed on the silo the request arrives at; reentrant so that a
// client leaving (the enumeration's disposal) reaches the handler while it waits for its next record.
[PreferLocalPlacement]
[Reentrant]
internal sealed partial class StreamingCardGrain(
    CardRegistry registry,
    IServiceProvider services,
    TimeProvider time,
    ILogger<StreamingCardGrain> logger) : Grain, IStreamingCardGrain
{
    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public IAsyncEnumerable<StreamChunk> StreamAsync(CardRequest request) => StreamCoreAsync(request);

    private async IAsyncEnumerable<StreamChunk> StreamCoreAsync(
        CardRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Nothing else will ever call this activation.
        using var deactivateWhenDone = new DeactivateOnDispose(this);
        var route = StreamingCardKeys.RouteOf(this.GetPrimaryKeyString());
        if (!registry.TryGet(route, out var card) || card is not StreamingCard streamingCard)
        {
            yield return StreamChunk.Failure($"No streaming card is served at '{route}'.");
            yield break;
        }

        var descriptor = card.Descriptor;
        var context = CardContextFactory.Create(card, request, services, cancellationToken);
        var startedAt = time.GetUtcNow();
        await using var records = streamingCard.StreamAsync(context).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            var (hasRecord, failure) = await TryMoveNextAsync(route, records, cancellationToken);
            if (failure is not null)
            {
                yield return StreamChunk.Failure(failure);
                yield break;
            }

            if (!hasRecord)
            {
                yield break;
            }

            var (wire, error) = RecordWriter.Flatten(records.Current, descriptor, RecordTiming.Meta(startedAt, time.GetUtcNow()));
            if (wire is not null)
            {
                yield return StreamChunk.Record(RecordWriter.ToJson(wire));
                continue;
            }

            LogInvalidRecord(logger, route, descriptor.ErrorPolicy, error!);
            switch (descriptor.ErrorPolicy)
            {
                case StreamErrorPolicies.Log:
                    yield return StreamChunk.Record(JsonSerializer.SerializeToUtf8Bytes(
                        new JsonObject { ["__validation_error"] = error }, ErrorJson));
                    break;
                case StreamErrorPolicies.Fail:
                    yield return StreamChunk.Failure($"Card produced an invalid record: {error}");
                    yield break;
            }
        }
    }

    private async ValueTask<(bool HasRecord, string? Failure)> TryMoveNextAsync(
        string route, IAsyncEnumerator<CardRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            return (await records.MoveNextAsync(), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left: end quietly, nobody is reading.
            return (false, null);
        }
        catch (Exception ex)
        {
            // Handlers are user code: whatever they throw ends the stream with an error, logged here with its details.
            LogHandlerFailed(logger, route, ex);
            return (false, "Card handler failed.");
        }
    }

    private sealed class DeactivateOnDispose(Grain grain) : IDisposable
    {
        public void Dispose() => grain.DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Streaming card {Route} handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming card {Route} produced an invalid record ({Policy}): {Reason}")]
    private static partial void LogInvalidRecord(ILogger logger, string route, string policy, string reason);
}
