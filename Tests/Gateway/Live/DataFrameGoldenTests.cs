using System.Text;
using Cereon.Gateway.Live;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Live;

namespace Cereon.Tests.Gateway.Live;

/// <summary>protocol.md §6: the data frames of both formats, byte for byte, pinned by golden files.</summary>
public sealed class DataFrameGoldenTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("record", "record-frame")]
    [InlineData("envelope", "envelope-frame")]
    public void DataFrame_IsPinnedByGoldenFile(string formatName, string golden)
    {
        var format = LiveFormats.Parse(formatName)!.Value;
        var frames = new DataFrames(ThirdTick());

        var frame = Encoding.UTF8.GetString([.. frames.Prefix(format), .. SocketFrames.DataSuffix("sub-1")]);

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Gateway", "Live", "Golden", golden + ".json")).Trim();
        Assert.Equal(expected, frame);
    }

    /// <summary>The third message of a line chart of one point a tick, with a window of the card's default size.</summary>
    private static LiveMessage ThirdTick()
    {
        var window = new LiveWindowBuffer(LiveWindow.Default);
        LiveMessage? message = null;
        for (var seq = 1; seq <= 3; seq++)
        {
            var at = Start.AddMilliseconds(100 * seq);
            var record = Encoding.UTF8.GetBytes(
                $$"""{"kind":"line","cardId":"showcase_ticker","reportId":"showcase","meta":null,"data":[{"date":"2026-01-02T03:04:05.{{seq}}00Z","value":{{100 + seq}}.5}]}""");
            message = new LiveMessage(seq, $"e1-{seq}", at, record);
            message = message with { Windowed = window.Add(record, at) };
        }

        return message!;
    }
}
