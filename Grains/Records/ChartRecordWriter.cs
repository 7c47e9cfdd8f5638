using System.Buffers;
using System.Globalization;
using System.Text;
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
    // The general path nests the meta object as a string: its quotes reach the wire escaped, and nothing else in it
    // (digits, dates, the key names) needs escaping, so these pieces are written as they go out.
    private static readonly byte[] FinishedAtPart = Encoding.UTF8.GetBytes($"\\\",\\\"{RecordTiming.FinishedAt}\\\":\\\"");
    private static readonly byte[] ElapsedPart = Encoding.UTF8.GetBytes($"\\\",\\\"{RecordTiming.ElapsedMs}\\\":");
    private static readonly byte[] DataPart = Encoding.UTF8.GetBytes("}\",\"data\":");

    private readonly ArrayBufferWriter<byte> _record = new(1024);
    private readonly Utf8JsonWriter _dataWriter;
    private (CardDescriptor? Card, long Millisecond, byte[] Bytes) _prefix = (null, -1, []);
    private (long Millisecond, byte[] Bytes) _finishedAt = (-1, []);
    private (Type? Type, JsonTypeInfo? Info) _lastPoint;

    public ChartRecordWriter() => _dataWriter = new Utf8JsonWriter(_record, RecordWriter.WireOptions);

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
        _record.Write(Prefix(card, startedAt));
        _record.Write(FinishedAtPart);
        _record.Write(FinishedAt(finishedAt));
        _record.Write(ElapsedPart);
        WriteElapsed(RecordTiming.Elapsed(startedAt, finishedAt));
        _record.Write(DataPart);
        _dataWriter.Reset();
        try
        {
            _dataWriter.WriteStartArray();
            for (var i = 0; i < chart.Data.Count; i++)
            {
                if (chart.Data[i] is JsonObject node)
                {
                    node.WriteTo(_dataWriter);
                }
                else
                {
                    JsonSerializer.Serialize(_dataWriter, chart.Data[i], ObjectTypeInfo(chart.Data[i])!);
                }
            }

            _dataWriter.WriteEndArray();
            _dataWriter.Flush();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Data System.Text.Json cannot represent: the general path names the reason.
            return [];
        }

        _record.Write("}"u8);
        return _record.WrittenSpan;
    }

    public void Dispose() => _dataWriter.Dispose();

    /// <summary>Whether every point serialises as a JSON object, known from its type alone.</summary>
    private bool AllObjects(IReadOnlyList<object> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not JsonObject && (points[i] is null or JsonNode || ObjectTypeInfo(points[i]) is null))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The serialisation metadata of a point that is written as a JSON object, or null; the last type's is kept, as a
    /// stream's points are almost always of one type.
    /// </summary>
    private JsonTypeInfo? ObjectTypeInfo(object point)
    {
        var type = point.GetType();
        if (type == _lastPoint.Type)
        {
            return _lastPoint.Info;
        }

        var info = WireValues.Options.GetTypeInfo(type);
        if (info.Kind is not (JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary))
        {
            return null;
        }

        _lastPoint = (type, info);
        return info;
    }

    private static long Millisecond(DateTimeOffset instant) => instant.UtcTicks / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Everything before the finish time, the same for every record of a run: written once by a JSON writer, so the
    /// card's names are escaped as the general path escapes them.
    /// </summary>
    private byte[] Prefix(CardDescriptor card, DateTimeOffset startedAt)
    {
        if (ReferenceEquals(_prefix.Card, card) && _prefix.Millisecond == Millisecond(startedAt))
        {
            return _prefix.Bytes;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, RecordWriter.WireOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", card.Kind);
            writer.WriteString("cardId", card.CardId);
            writer.WriteString("reportId", card.ReportId);
            writer.WriteString("meta", $"{{\"{RecordTiming.StartedAt}\":\"{WireTime.Format(startedAt)}");
        }

        // The writer closed the meta string; the record goes on inside it.
        var bytes = buffer.WrittenSpan[..^1].ToArray();
        _prefix = (card, Millisecond(startedAt), bytes);
        return bytes;
    }

    /// <summary>The wire text of the finish time, formatted once per millisecond (all the wire shows).</summary>
    private byte[] FinishedAt(DateTimeOffset finishedAt)
    {
        var millisecond = Millisecond(finishedAt);
        if (_finishedAt.Millisecond != millisecond)
        {
            _finishedAt = (millisecond, Encoding.UTF8.GetBytes(WireTime.Format(finishedAt)));
        }

        return _finishedAt.Bytes;
    }

    /// <summary>
    /// Writes the number as the general path's JSON writer does: the shortest text that round-trips. The elapsed time is
    /// rounded to thousandths, and far below 2^43 ms a double's spacing is finer than that, so its shortest text is
    /// those thousandths with trailing zeros dropped: digits written straight, without the general float formatting
    /// that was a twentieth of a large stream's cost. Zero (which may be negative) and the out-of-range are left to it.
    /// </summary>
    private void WriteElapsed(double elapsed)
    {
        var span = _record.GetSpan(32);
        var thousandths = Math.Round(elapsed * 1000);
        int written;
        if (elapsed == 0 || Math.Abs(thousandths) >= 1e12)
        {
            if (!elapsed.TryFormat(span, out written, provider: CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("An elapsed time does not fit in 32 bytes.");
            }
        }
        else
        {
            written = WriteThousandths((long)thousandths, span);
        }

        _record.Advance(written);
    }

    private static int WriteThousandths(long thousandths, Span<byte> span)
    {
        var written = 0;
        if (thousandths < 0)
        {
            span[written++] = (byte)'-';
            thousandths = -thousandths;
        }

        var whole = thousandths / 1000;
        var fraction = (int)(thousandths % 1000);
        whole.TryFormat(span[written..], out var digits, provider: CultureInfo.InvariantCulture);
        written += digits;
        if (fraction == 0)
        {
            return written;
        }

        span[written++] = (byte)'.';
        for (var divisor = 100; fraction > 0; divisor /= 10)
        {
            span[written++] = (byte)('0' + (fraction / divisor));
            fraction %= divisor;
        }

        return written;
    }
}
