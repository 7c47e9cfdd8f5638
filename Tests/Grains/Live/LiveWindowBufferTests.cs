using System.Text;
using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Live;

namespace Cereon.Tests.Grains.Live;

/// <summary>protocol.md §6, <c>record</c> format: the window a card stream's grain puts into every message.</summary>
public sealed class LiveWindowBufferTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Chart_CarriesTheNewestPoints_UpToTheCount()
    {
        var window = new LiveWindowBuffer(new LiveWindow(3, null));

        JsonObject? last = null;
        for (var n = 1; n <= 5; n++)
        {
            last = Add(window, $$"""{"kind":"line","cardId":"c","reportId":"r","meta":null,"data":[{"n":{{n}}}]}""", Start.AddSeconds(n));
        }

        Assert.Equal([3, 4, 5], last!["data"]!.AsArray().Select(p => (int)p!["n"]!));
        Assert.Equal("line", (string?)last["kind"]);
    }

    [Fact]
    public void Chart_DropsPointsOlderThanTheAge()
    {
        var window = new LiveWindowBuffer(new LiveWindow(100, TimeSpan.FromSeconds(10)));

        Add(window, """{"kind":"line","data":[{"n":1},{"n":2}]}""", Start);
        Add(window, """{"kind":"line","data":[{"n":3}]}""", Start.AddSeconds(5));
        var last = Add(window, """{"kind":"line","data":[{"n":4}]}""", Start.AddSeconds(12));

        Assert.Equal([3, 4], last["data"]!.AsArray().Select(p => (int)p!["n"]!));
    }

    [Fact]
    public void Number_SendsItsRecentValues_AsDataPoints_BesideValue()
    {
        var window = new LiveWindowBuffer(LiveWindow.Default);

        Add(window, """{"kind":"number","value":10,"label":"Users"}""", Start);
        var last = Add(window, """{"kind":"number","value":12.5,"previousValue":10,"label":"Users"}""", Start.AddSeconds(1));

        Assert.Equal(12.5, (double)last["value"]!);
        Assert.Equal(10, (double)last["previousValue"]!);
        Assert.Equal(
            """[{"timestamp":"2026-01-02T03:04:05.000Z","value":10},{"timestamp":"2026-01-02T03:04:06.000Z","value":12.5}]""",
            last["data"]!.ToJsonString());
    }

    [Fact]
    public void Table_CarriesItsRecentRows()
    {
        var window = new LiveWindowBuffer(new LiveWindow(2, null));

        Add(window, """{"kind":"table","columns":["n"],"rows":[{"n":1}]}""", Start);
        var last = Add(window, """{"kind":"table","columns":["n"],"rows":[{"n":2},{"n":3}]}""", Start.AddSeconds(1));

        Assert.Equal([2, 3], last["rows"]!.AsArray().Select(r => (int)r!["n"]!));
        Assert.Equal(["n"], last["columns"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void NoWindow_SendsEachRecordAsItIs()
    {
        var window = new LiveWindowBuffer(LiveWindow.None);
        var record = """{"kind":"line","data":[{"n":2}]}"""u8.ToArray();

        window.Add("""{"kind":"line","data":[{"n":1}]}"""u8.ToArray(), Start);

        Assert.Same(record, window.Add(record, Start.AddSeconds(1)));
    }

    [Fact]
    public void MembersADataMessageAdds_AreLeftOutOfTheRecord()
    {
        var window = new LiveWindowBuffer(LiveWindow.None);

        var record = Add(window, """{"kind":"markdown","content":"x","timestamp":"t","id":"i","seq":1,"subscriptionIds":[]}""", Start);

        Assert.Equal("""{"kind":"markdown","content":"x"}""", record.ToJsonString());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, -1.0)]
    public void ImpossibleWindows_AreRefused(int? points, double? ageSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiveWindow(points, ageSeconds is { } s ? TimeSpan.FromSeconds(s) : null));

    private static JsonObject Add(LiveWindowBuffer window, string record, DateTimeOffset at) =>
        JsonNode.Parse(Encoding.UTF8.GetString(window.Add(Encoding.UTF8.GetBytes(record), at)))!.AsObject();
}
