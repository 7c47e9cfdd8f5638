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
    private int _written;

    /// <summary>Records written since the last flush.</summary>
    public int Unflushed { get; private set; }

    public async ValueTask WriteAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            body.Write(_written++ == 0 ? framing.BeforeFirst : framing.BeforeNext);
            body.Write(batch.RecordAt(i));
            body.Write(framing.After);
            if (++Unflushed >= packetSize)
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
}
