using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Grains.Records;

/// <summary>protocol.md §3: the flattened wire form, pinned by golden files, and the shape rules.</summary>
public sealed class RecordWriterTests
{
    private static readonly JsonObject Timing = new() { ["startedAt"] = "2026-01-02T03:04:05.000Z", ["finishedAt"] = "2026-01-02T03:04:05.250Z", ["elapsedMs"] = 250 };

    public static TheoryData<string, string, CardRecord> WellFormed => new()
    {
        { "number", "number", new NumberRecord(12.5) { PreviousValue = 10, Trend = "up", TrendPercentage = 25, Label = "Users", Meta = new JsonObject { ["unit"] = "users" } } },
        { "line", "chart", new ChartRecord([new { date = "2026-01-01", value = 3 }, new Dictionary<string, object> { ["date"] = "2026-01-02", ["cereon-sdk"] = 4 }]) },
        { "table", "table", new TableRecord([new { id = 1, name = "a" }], ["id", "name"]) { TotalCount = 1 } },
        { "markdown", "markdown", new MarkdownRecord("# Title") { Styles = new { padding = 4 } } },
        { "html", "html", new HtmlRecord("<b>hi</b>") },
        { "iframe", "iframe", new IframeRecord("https://example.com") { Title = "Example", Width = "100%", Height = 400 } },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void Flattens_AsPinnedByGoldenFile(string kind, string golden, CardRecord record)
    {
        var (wire, error) = RecordWriter.Flatten(record, Card(kind), Timing);

        Assert.Null(error);
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Grains", "Records", "Golden", golden + ".json")).Trim();
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(RecordWriter.ToJsonArray([wire!])));
    }

    [Fact]
    public void Meta_TravelsAsAJsonString_RecordKeysWinOverTiming()
    {
        var (wire, _) = RecordWriter.Flatten(new NumberRecord(1) { Meta = new JsonObject { ["elapsedMs"] = 7 } }, Card("number"), Timing);

        var meta = JsonNode.Parse((string)wire!["meta"]!)!;
        Assert.Equal(7, (int)meta["elapsedMs"]!);
        Assert.Equal("2026-01-02T03:04:05.000Z", (string?)meta["startedAt"]);
    }

    public static TheoryData<string, CardRecord, string> Invalid => new()
    {
        { "number", new NumberRecord(double.NaN), "finite numeric 'value'" },
        { "number", new NumberRecord(1) { Trend = "sideways" }, "'trend'" },
        { "table", new TableRecord(null!, ["a"]), "'rows'" },
        { "table", new TableRecord([new { a = 1 }], null!), "'columns'" },
        { "iframe", new IframeRecord(""), "'url'" },
        { "line", new ChartRecord([1, 2]), "array of objects" },
        { "line", new ChartRecord(null!), "'data'" },
        { "line", new ChartRecord([new { a = 1 }]) { Kind = "bar" }, "does not match" },
        { "number", new TableRecord([new { a = 1 }], ["a"]), "does not match" },
        { "number", new ChartRecord([new { a = 1 }]) { Kind = "number" }, "chart record" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects_RecordsThatViolateTheirShape(string cardKind, CardRecord record, string reason)
    {
        var (wire, error) = RecordWriter.Flatten(record, Card(cardKind), null);

        Assert.Null(wire);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validates_RawWireRecords_TheSameWay()
    {
        var missingValue = JsonNode.Parse("{\"kind\":\"number\",\"cardId\":\"c\",\"reportId\":\"r\",\"meta\":null}")!.AsObject();
        var metaObject = JsonNode.Parse("{\"kind\":\"number\",\"value\":1,\"meta\":{}}")!.AsObject();

        Assert.NotNull(RecordShape.Validate(missingValue, "number"));
        Assert.NotNull(RecordShape.Validate(metaObject, "number"));
        Assert.Null(RecordShape.Validate(JsonNode.Parse("{\"kind\":\"number\",\"value\":1,\"meta\":null}")!.AsObject(), "number"));
    }

    [Fact]
    public void Serialises_RecordsAsOneJsonArray()
    {
        var bytes = RecordWriter.ToJsonArray([new JsonObject { ["a"] = 1 }, new JsonObject { ["b"] = 2 }]);

        Assert.Equal("[{\"a\":1},{\"b\":2}]", System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static CardDescriptor Card(string kind) => new() { ReportId = "report", CardId = "card", Kind = kind, Transport = CardTransports.Http };
}
