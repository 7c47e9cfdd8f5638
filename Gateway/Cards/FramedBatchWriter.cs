using System.Buffers;
using System.IO.Pipelines;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Writes a stream's batches of serialised records into the response, each record framed as its format says
/// (protocol.md §5), flushing after <c>PacketSize</c> records at the most.
/// </summary>
internal sealed class FramedBatchWriter(PipeWriter body, StreamFraming framing, int packetSize)
{
    /// <summary>
    /// Records up to this size are framed straight into the response's buffer, as many at a time as fit: Kestrel's
    /// response writer takes a lock on every GetSpan and Advance, which per piece was most of the gateway's cost of a
    /// large stream. Larger ones are written piece by piece rather than asking for a buffer their size.
    /// </summary>
    private const int LargeRecord = 16 * 1024;

    private int _written;

    /// <summary>Records written since the last flush.</summary>
    public int Unflushed { get; private set; }

    public async ValueTask WriteAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        var next = 0;
        while (next < batch.Count)
        {
            var untilFlush = Math.Min(batch.Count, next + packetSize - Unflushed);
            next = FramedLength(batch.RecordAt(next)) > LargeRecord ? WriteLarge(batch, next) : WriteFitting(batch, next, untilFlush);
            if (Unflushed >= packetSize)
            {
                await FlushAsync(cancellationToken);
            }
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await body.FlushAsync(cancellationToken);
        Unflushed = 0;
    }

    private ReadOnlySpan<byte> Before => _written == 0 ? framing.BeforeFirst : framing.BeforeNext;

    private int FramedLength(ReadOnlySpan<byte> record) => Before.Length + record.Length + framing.After.Length;

    /// <summary>Frames records from <paramref name="first"/> into one buffer, at least the first; returns the next.</summary>
    private int WriteFitting(StreamBatch batch, int first, int end)
    {
        var buffer = body.GetSpan(FramedLength(batch.RecordAt(first)));
        var used = 0;
        var next = first;
        while (next < end && FramedLength(batch.RecordAt(next)) <= buffer.Length - used)
        {
            used += Frame(batch.RecordAt(next), buffer[used..]);
            next++;
        }

        body.Advance(used);
        return next;
    }

    private int Frame(ReadOnlySpan<byte> record, Span<byte> buffer)
    {
        var before = Before;
        before.CopyTo(buffer);
        record.CopyTo(buffer[before.Length..]);
        framing.After.CopyTo(buffer[(before.Length + record.Length)..]);
        Counted();
        return before.Length + record.Length + framing.After.Length;
    }

    private int WriteLarge(StreamBatch batch, int index)
    {
        body.Write(Before);
        body.Write(batch.RecordAt(index));
        body.Write(framing.After);
        Counted();
        return index + 1;
    }

    private void Counted()
    {
        _written++;
        Unflushed++;
    }
}
