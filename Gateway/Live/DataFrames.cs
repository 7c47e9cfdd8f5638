using Cereon.Grains.Interfaces.Live;

namespace Cereon.Gateway.Live;

/// <summary>
/// One message's shared frame prefixes, one per format, each serialized at most once for all of this gateway's
/// sockets on the stream, and only if some subscription uses that format.
/// </summary>
internal sealed class DataFrames(LiveMessage message)
{
    private byte[]? _record;
    private byte[]? _envelope;

    public LiveMessage Message { get; } = message;

    // Two sockets racing to build the same prefix build equal bytes; either result may be kept.
    public byte[] Prefix(LiveFormat format) => format == LiveFormat.Envelope
        ? _envelope ??= SocketFrames.EnvelopePrefix(Message)
        : _record ??= SocketFrames.RecordPrefix(Message);
}
