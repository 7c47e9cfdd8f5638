using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>
/// Writes a chart record without meta of its own straight to UTF-8, byte for byte what
/// <see cref="RecordWriter.Flatten"/> and <see cref="RecordWriter.ToJson"/> give, but without building JSON nodes:
/// the common record of a large stream, where the nodes cost most of the time. Whatever it cannot vouch for (meta of
/// its own, another kind, points that are not objects, data that does not serialise) it declines, for the general path.
/// </summary>
internal sealed class ChartRecordWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _record = new(1024);
    private readonly ArrayBufferWriter<byte> _meta = new(128);
    private readonly Utf8JsonWriter _recordWriter;
    private readonly Utf8JsonWriter _metaWriter;
    private (long Millisecond, string Text) _startedAt = (-1, string.Empty);
    private (long Millisecond, string Text) _finishedAt = (-1, string.Empty);

    public ChartRecordWriter()
    {
        _recordWriter = new Utf8JsonWriter(_record, RecordWriter.WireOptions);

        // The general path writes meta with JsonObject.ToJsonString(), that is with the default options.
        _metaWriter = new Utf8JsonWriter(_meta);
    }

    /// <summary>The record's bytes, valid until the next call; empty when declined.</summary>
    public ReadOnlySpan<byte> TryWrite(CardRecord record, CardDescriptor card, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        if (record is not ChartRecord { Meta: null } chart
            || (chart.Kind is { } kind && kind != card.Kind)
            || !CardKinds.IsChart(card.Kind)
            || !AllObjects(chart.Data))
        {
            return [];
        }

        _record.ResetWrittenCount();
        _recordWriter.Reset();
        try
        {
            _recordWriter.WriteStartObject();
            _recordWriter.WriteString("kind", card.Kind);
            _recordWriter.WriteString("cardId", card.CardId);
            _recordWriter.WriteString("reportId", card.ReportId);
            _recordWriter.WriteString("meta", TimingMeta(startedAt, finishedAt));
            _recordWriter.WriteStartArray("data");
            foreach (var point in chart.Data)
            {
                if (point is JsonObject node)
                {
                    node.WriteTo(_recordWriter);
                }
                else
                {
                    JsonSerializer.Serialize(_recordWriter, point, point.GetType(), WireValues.Options);
                }
            }

            _recordWriter.WriteEndArray();
            _recordWriter.WriteEndObject();
            _recordWriter.Flush();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Data System.Text.Json cannot represent: the general path names the reason.
            return [];
        }

        return _record.WrittenSpan;
    }

    public void Dispose()
    {
        _recordWriter.Dispose();
        _metaWriter.Dispose();
    }

    /// <summary>Whether every point serialises as a JSON object, known from its type alone.</summary>
    private static bool AllObjects(IReadOnlyList<object> points)
    {
        foreach (var point in points)
        {
            if (point is JsonObject)
            {
                continue;
            }

            if (point is null or JsonNode
                || WireValues.Options.GetTypeInfo(point.GetType()).Kind is not (JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The wire text of <paramref name="instant"/>, formatted once per millisecond (all the wire shows).</summary>
    private static string Formatted(ref (long Millisecond, string Text) last, DateTimeOffset instant)
    {
        var millisecond = instant.UtcTicks / TimeSpan.TicksPerMillisecond;
        if (last.Millisecond != millisecond)
        {
            last = (millisecond, WireTime.Format(instant));
        }

        return last.Text;
    }

    private ReadOnlySpan<byte> TimingMeta(DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        _meta.ResetWrittenCount();
        _metaWriter.Reset();
        _metaWriter.WriteStartObject();
        _metaWriter.WriteString(RecordTiming.StartedAt, Formatted(ref _startedAt, startedAt));
        _metaWriter.WriteString(RecordTiming.FinishedAt, Formatted(ref _finishedAt, finishedAt));
        _metaWriter.WriteNumber(RecordTiming.ElapsedMs, RecordTiming.Elapsed(startedAt, finishedAt));
        _metaWriter.WriteEndObject();
        _metaWriter.Flush();
        return _meta.WrittenSpan;
    }
}
