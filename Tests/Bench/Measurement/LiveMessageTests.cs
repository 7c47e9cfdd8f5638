using System.Text;
using Cereon.Bench.Measurement;

namespace Cereon.Tests.Bench.Measurement;

/// <summary>
/// The fan-out client reads a data message's envelope from the members after its record, and only trusts that tail
/// when it is a whole object of its own; anything else is read from the start.
/// </summary>
public sealed class LiveMessageTests
{
    private const string Stamp = "2026-11-30T16:30:00.125Z";
    private static readonly long StampTicks = DateTimeOffset.Parse(Stamp, System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

    public static TheoryData<string, string> DataFrames => new()
    {
        { "record format, as the gateway writes it", $$"""{"kind":"line","data":[{"date":"{{Stamp}}","value":1.5}],"timestamp":"{{Stamp}}","id":"ep-42","seq":42,"subscriptionIds":["s1"]}""" },
        { "envelope format", $$"""{"data":{"kind":"line","data":[1,2]},"timestamp":"{{Stamp}}","id":"ep-42","seq":42,"subscriptionIds":["s1","s2"]}""" },
        { "a record with its own timestamp, id and seq", $$"""{"kind":"line","data":[{"timestamp":"2020-01-01T00:00:00Z","id":"x","seq":7}],"timestamp":"{{Stamp}}","id":"ep-42","seq":42,"subscriptionIds":["s1"]}""" },
        { "a subscription id that reads like a member", $$"""{"kind":"line","timestamp":"{{Stamp}}","id":"ep-42","seq":42,"subscriptionIds":["\"timestamp\":1}"]}""" },
    };

    [Theory]
    [MemberData(nameof(DataFrames))]
    public void DataMessage_IsReadFromItsEnvelope(string shape, string frame)
    {
        var message = LiveMessage.Parse(Encoding.UTF8.GetBytes(frame));

        Assert.True(LiveMessageKind.Data == message.Kind, shape);
        Assert.Equal(42, message.Seq);
        Assert.True(message.HasTimestamp, shape);
        Assert.Equal(StampTicks, message.TimestampTicks);
        Assert.Equal("ep-42", Encoding.UTF8.GetString(message.Id));
    }

    [Theory]
    [InlineData("""{"data":[{"timestamp":"2026-11-30T16:30:00Z","seq":5}]}""")]
    [InlineData("""{"data":[{"x":1,"timestamp":"2026-11-30T16:30:00Z","seq":5}]}""")]
    [InlineData("""{"data":{"x":1,"timestamp":"2026-11-30T16:30:00Z","seq":5}}""")]
    public void TimestampAndSeq_InsideTheRecordOnly_DoNotMakeADataMessage(string frame)
    {
        // The last "timestamp" key is the record's: what follows it closes the record, so it is not the envelope.
        var message = LiveMessage.Parse(Encoding.UTF8.GetBytes(frame));

        Assert.Equal(LiveMessageKind.Other, message.Kind);
        Assert.False(message.HasTimestamp);
    }

    [Theory]
    [InlineData("""{"action":"ping","timestamp":"2026-11-30T16:30:00Z"}""", "Ping")]
    [InlineData("""{"action":"subscribed","subscriptionId":"s1","topic":"default","timestamp":"2026-11-30T16:30:00Z","epoch":"e","recovered":false}""", "Subscribed")]
    [InlineData("""{"action":"error","message":"no","timestamp":"2026-11-30T16:30:00Z"}""", "Error")]
    [InlineData("""[1,2]""", "Invalid")]
    [InlineData("""{"timestamp":""", "Invalid")]
    public void ControlFrames_KeepTheirKind(string frame, string kind)
    {
        Assert.Equal(kind, LiveMessage.Parse(Encoding.UTF8.GetBytes(frame)).Kind.ToString());
    }

    [Fact]
    public void ARefusal_CarriesItsMessage()
    {
        var message = LiveMessage.Parse("""{"action":"subscription_error","subscriptionId":"s1","message":"Unknown topic 'x'.","timestamp":"2026-11-30T16:30:00Z"}"""u8);

        Assert.Equal(LiveMessageKind.Refused, message.Kind);
        Assert.Equal("Unknown topic 'x'.", Encoding.UTF8.GetString(message.Text));
    }
}
