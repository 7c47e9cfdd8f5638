namespace Cereon.Gateway.Live;

/// <summary>
/// One text message waiting in a socket's send queue. Data messages are a shared prefix plus the subscription's
/// own suffix, sent as two fragments of one message so that fanning out never copies the record per socket.
/// </summary>
internal readonly record struct OutgoingFrame(ReadOnlyMemory<byte> Head, ReadOnlyMemory<byte> Tail)
{
    public static OutgoingFrame Whole(byte[] frame) => new(frame, ReadOnlyMemory<byte>.Empty);
}
