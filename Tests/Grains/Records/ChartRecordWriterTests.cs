using System.Text;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Grains.Records;

/// <summary>The streaming fast path writes chart records byte for byte as the general path flattens them, or declines.</summary>
public sealed class ChartRecordWriterTests
{
    private static readonly DateTimeOffset StartedAt = new(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero);
    private static readonly DateTimeOffset FinishedAt = StartedAt.AddTicks(123_456_789);

    public static TheoryData<string, ChartRecord> Charts => new()
    {
        { "anonymous points", new ChartRecord([new { date = "2026-01-01", value = 3, ratio = 0.1 + 0.2 }, new { date = "2026-01-02", value = -4, ratio = 1e-7 }]) },
        { "text to escape", new ChartRecord([new { label = "\"quoted\" <b>&amp;</b> é ✓ 😀 \u0001 \\ /", n = 1 }]) },
        { "dictionaries and nodes", new ChartRecord([new Dictionary<string, object?> { ["cereon-sdk"] = 4, ["none"] = null }, new JsonObject { ["x"] = 1.5, ["nested"] = new JsonArray(1, "two") }]) },
        { "nested values and dates", new ChartRecord([new { at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), values = new List<double> { 1.25, 2.5 }, big = long.MaxValue, money = 12.30m }]) },
        { "same literal kind", new ChartRecord([new { value = 1 }]) { Kind = "line" } },
        { "no points", new ChartRecord([]) },
    };

    public static TheoryData<string, string, CardRecord> Declined => new()
    {
        { "own meta", "line", new ChartRecord([new { value = 1 }]) { Meta = new JsonObject { ["unit"] = "u" } } },
        { "another literal kind", "line", new ChartRecord([new { value = 1 }]) { Kind = "bar" } },
        { "a number card", "number", new ChartRecord([new { value = 1 }]) },
        { "a point that is not an object", "line", new ChartRecord([new { value = 1 }, 42]) },
        { "a null point", "line", new ChartRecord([null!]) },
        { "a point that cannot be serialised", "line", new ChartRecord([new { value = double.NaN }]) },
        { "not a chart record", "number", new NumberRecord(1) },
    };

    [Theory]
    [MemberData(nameof(Charts))]
    public void Writes_WhatTheGeneralPathWrites(string name, ChartRecord record)
    {
        var card = Card("line");
        using var writer = new ChartRecordWriter();

        var fast = Encoding.UTF8.GetString(writer.TryWrite(record, card, StartedAt, FinishedAt));
        var (wire, error) = RecordWriter.Flatten(record, card, RecordTiming.Meta(StartedAt, FinishedAt));

        Assert.Null(error);
        Assert.Equal(Encoding.UTF8.GetString(RecordWriter.ToJson(wire!)), fast);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void SuccessiveRecords_CarryTheirOwnTimes()
    {
        var card = Card("line");
        var record = new ChartRecord([new { value = 1 }]);
        using var writer = new ChartRecordWriter();

        foreach (var finishedAt in (DateTimeOffset[])[FinishedAt, FinishedAt.AddTicks(1), FinishedAt.AddMilliseconds(1), FinishedAt.AddSeconds(1)])
        {
            var fast = Encoding.UTF8.GetString(writer.TryWrite(record, card, StartedAt, finishedAt));
            var (wire, _) = RecordWriter.Flatten(record, card, RecordTiming.Meta(StartedAt, finishedAt));
            Assert.Equal(Encoding.UTF8.GetString(RecordWriter.ToJson(wire!)), fast);
        }
    }

    /// <summary>Elapsed times whose shortest text differs in form: zero, negative zero, fractions, exponents.</summary>
    public static TheoryData<long> ElapsedTicks =>
    [
        0, 1, 4, 5, -4, -5, -10_000, 10_000, 12_345, 12_340, 12_300, 9_999_999, 10_000_000_000, 1_234_567_890_123, long.MaxValue / 1000, -987_654_321,
        .. Enumerable.Range(0, 50).Select(i => (long)new Random(i).NextInt64(-100_000_000_000, 100_000_000_000)),
    ];

    [Theory]
    [MemberData(nameof(ElapsedTicks))]
    public void ElapsedTimes_AreWritten_AsTheGeneralPathWritesThem(long ticks)
    {
        var card = Card("line");
        var record = new ChartRecord([new { value = 1 }]);
        using var writer = new ChartRecordWriter();

        foreach (var startedAt in (DateTimeOffset[])[StartedAt, StartedAt.AddMilliseconds(1), StartedAt])
        {
            var finishedAt = startedAt.AddTicks(ticks);
            var fast = Encoding.UTF8.GetString(writer.TryWrite(record, card, StartedAt, finishedAt));
            var (wire, _) = RecordWriter.Flatten(record, card, RecordTiming.Meta(StartedAt, finishedAt));
            Assert.Equal(Encoding.UTF8.GetString(RecordWriter.ToJson(wire!)), fast);
        }
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void Declines_WhatOnlyTheGeneralPathJudges(string name, string kind, CardRecord record)
    {
        using var writer = new ChartRecordWriter();

        Assert.True(writer.TryWrite(record, Card(kind), StartedAt, FinishedAt).IsEmpty, name);
    }

    private static CardDescriptor Card(string kind) =>
        new() { ReportId = "report", CardId = "card", Kind = kind, Transport = CardTransports.StreamingHttp };
}
