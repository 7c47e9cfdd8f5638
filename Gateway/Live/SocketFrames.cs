using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cereon.Gateway.Parameters;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Gateway.Live;

/// <summary>The JSON text frames of protocol.md §6, written with <see cref="Utf8JsonWriter"/> straight to bytes.</summary>
internal static class SocketFrames
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Subscribed(string subscriptionId, string topic, string epoch, bool recovered, DateTimeOffset now) =>
        Write(writer =>
        {
            writer.WriteString("action", "subscribed");
            writer.WriteString("subscriptionId", subscriptionId);
            writer.WriteString("topic", topic);
            writer.WriteString("timestamp", WireTime.Format(now));
            writer.WriteString("epoch", epoch);
            writer.WriteBoolean("recovered", recovered);
        });

    public static byte[] Unsubscribed(string subscriptionId, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", "unsubscribed");
        writer.WriteString("subscriptionId", subscriptionId);
        writer.WriteString("timestamp", WireTime.Format(now));
    });

    public static byte[] Action(string action, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", action);
        writer.WriteString("timestamp", WireTime.Format(now));
    });

    public static byte[] Error(string message, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", "error");
        writer.WriteString("message", message);
        writer.WriteString("timestamp", WireTime.Format(now));
    });

    public static byte[] SubscriptionError(string? subscriptionId, string message, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("action", "subscription_error");
        writer.WriteString("subscriptionId", subscriptionId);
        writer.WriteString("message", message);
        writer.WriteString("timestamp", WireTime.Format(now));
    });

    /// <summary>
    /// The answer to a message holding text that is not valid Unicode: a <c>subscription_error</c> when it is a
    /// subscribe whose own id is readable, so the client knows which subscription failed, else an <c>error</c>.
    /// </summary>
    public static byte[] InvalidText(ReadOnlySpan<byte> frame, DateTimeOffset now)
    {
        var message = SocketValues.ObjectOrNull(frame);
        return SocketValues.ValidText(message?["action"]) == "subscribe" && SocketValues.ValidText(message?["subscriptionId"]) is { } id
            ? SubscriptionError(id, ClientText.Invalid, now)
            : Error(ClientText.Invalid, now);
    }

    /// <summary>
    /// An <c>envelope</c> data message up to its subscription list:
    /// <c>{"data":…,"timestamp":…,"id":…,"seq":n,"subscriptionIds":[</c>. Built once per message and shared by every
    /// socket; each subscription appends its own <see cref="DataSuffix"/>.
    /// </summary>
    public static byte[] EnvelopePrefix(LiveMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(message.Record.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            writer.WriteRawValue(message.Record, skipInputValidation: true);
            WriteMessageMembers(writer, message);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A <c>record</c> data message up to its subscription list: the windowed record's own members, then
    /// <c>"timestamp":…,"id":…,"seq":n,"subscriptionIds":[</c>. The record is spliced in as bytes, not re-serialized:
    /// its grain already left out the members a data message adds.
    /// </summary>
    public static byte[] RecordPrefix(LiveMessage message)
    {
        var record = message.Windowed ?? message.Record;
        var members = record.AsSpan(0, record.AsSpan().LastIndexOf((byte)'}')).TrimEnd(" \t\r\n"u8);
        var tail = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(tail, Options))
        {
            writer.WriteStartObject();
            WriteMessageMembers(writer, message);
        }

        var hasMembers = members[^1] != (byte)'{';
        var frame = new byte[members.Length + (hasMembers ? 1 : 0) + tail.WrittenCount - 1];
        members.CopyTo(frame);
        if (hasMembers)
        {
            frame[members.Length] = (byte)',';
        }

        tail.WrittenSpan[1..].CopyTo(frame.AsSpan(frame.Length - tail.WrittenCount + 1));
        return frame;
    }

    private static void WriteMessageMembers(Utf8JsonWriter writer, LiveMessage message)
    {
        writer.WriteString("timestamp", WireTime.Format(message.Timestamp));
        writer.WriteString("id", message.Id);
        writer.WriteNumber("seq", message.Seq);
        writer.WritePropertyName("subscriptionIds");
        writer.WriteStartArray();
    }

    /// <summary>The closing <c>"id"]}</c> of a data message for one subscription.</summary>
    public static byte[] DataSuffix(string subscriptionId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStringValue(subscriptionId);
        }

        return [.. buffer.WrittenSpan, .. "]}"u8];
    }

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
