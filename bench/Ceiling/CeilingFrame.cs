namespace Cereon.Bench.Ceiling;

/// <summary>
/// One message in a ceiling socket's queue: a whole frame, or a data message's shared head and the socket's own
/// <c>"subscriptionId"]}</c> tail, joined when sent.
/// </summary>
internal readonly record struct CeilingFrame(byte[] Head, byte[]? Tail);
