using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Cereon.Gateway.Cards;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>
/// Records framed several to a buffer come out exactly as if each piece were written on its own, across buffer
/// boundaries, batches and flushes, in every format.
/// </summary>
public sealed class FramedBatchWriterTests
{
    public static TheoryData<string> Formats => [StreamFormats.Ndjson, StreamFormats.Sse, StreamFormats.Json, StreamFormats.Delimited];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task FramedRecords_MatchEachPieceWrittenAlone(string format)
    {
        var card = new CardDescriptor
        {
            ReportId = "report",
            CardId = "card",
            Kind = "line",
            Transport = CardTransports.StreamingHttp,
            Streaming = new StreamingDescriptor { Format = format, PacketSize = 7, Delimiter = "||" },
        };
        var framing = StreamFraming.For(card);

        // Sizes around the pipe's small segments, and records past the size framed in place.
        int[] sizes = [1, 30, 63, 64, 65, 200, 5, 17 * 1024, 2, 40 * 1024, 90, 1, 1, 1, 300, 64 * 1024, 8];
        var records = sizes.Select((size, i) => Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), size))).ToList();
        var batches = new[] { Batch(records[..5]), Batch(records[5..6]), Batch([]), Batch(records[6..]) };

        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 64, pauseWriterThreshold: 0, useSynchronizationContext: false));
        var writer = new FramedBatchWriter(pipe.Writer, framing, card.Streaming.PacketSize);
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch, CancellationToken.None);
        }

        Assert.Equal(records.Count % card.Streaming.PacketSize, writer.Unflushed);
        await writer.FlushAsync(CancellationToken.None);
        await pipe.Writer.CompleteAsync();

        var expected = new List<byte>();
        for (var i = 0; i < records.Count; i++)
        {
            expected.AddRange(i == 0 ? framing.BeforeFirst : framing.BeforeNext);
            expected.AddRange(records[i]);
            expected.AddRange(framing.After);
        }

        Assert.Equal(expected.ToArray(), await ReadAllAsync(pipe.Reader));
    }

    private static StreamBatch Batch(IReadOnlyList<byte[]> records)
    {
        var ends = new int[records.Count];
        var end = 0;
        for (var i = 0; i < records.Count; i++)
        {
            end += records[i].Length;
            ends[i] = end;
        }

        return new StreamBatch([.. records.SelectMany(record => record)], ends, null, false);
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
