using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Streaming;

/// <summary>Serialises records one after another into one buffer, and cuts it into <see cref="StreamBatch"/>es.</summary>
internal sealed class StreamBatchBuilder : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly List<int> _ends = [];
    private readonly Utf8JsonWriter _writer;
    private readonly ChartRecordWriter _charts = new();

    public StreamBatchBuilder() => _writer = new Utf8JsonWriter(_buffer, RecordWriter.WireOptions);

    public int Count => _ends.Count;

    public int Bytes => _buffer.WrittenCount;

    public void Add(JsonObject record)
    {
        record.WriteTo(_writer);
        _writer.Flush();
        _writer.Reset();
        _ends.Add(_buffer.WrittenCount);
    }

    /// <summary>Adds a chart record without building JSON nodes, when <see cref="ChartRecordWriter"/> takes it.</summary>
    public bool TryAdd(CardRecord record, CardDescriptor card, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        var bytes = _charts.TryWrite(record, card, startedAt, finishedAt);
        if (bytes.IsEmpty)
        {
            return false;
        }

        _buffer.Write(bytes);
        _ends.Add(_buffer.WrittenCount);
        return true;
    }

    /// <summary>The records added since the last batch, and an empty builder.</summary>
    public StreamBatch Build()
    {
        var batch = new StreamBatch(_buffer.WrittenSpan.ToArray(), [.. _ends], null, false);
        _buffer.ResetWrittenCount();
        _ends.Clear();
        return batch;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _charts.Dispose();
    }
}
