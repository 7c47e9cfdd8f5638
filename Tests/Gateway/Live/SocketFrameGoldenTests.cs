using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// protocol.md §6: every kind of frame a live socket sends, as the gateway sends it on a real socket, pinned by golden
/// files (volatile members normalised by <see cref="GoldenJson"/>), so a change to the protocol is a visible diff.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class SocketFrameGoldenTests(ClusterFixture fixture)
{
    private const string Folder = "Gateway/Live";

    [Theory]
    [InlineData("record", "subscribed")]
    [InlineData("record", "data-record")]
    [InlineData("envelope", "data-envelope")]
    public async Task SubscribeAndFirstData_ArePinned(string format, string golden)
    {
        // The counter's first record comes at once and its next only after a minute, so the first data frame is fixed.
        await using var client = await LiveClient.ConnectAsync(
            fixture.Gateway.BaseAddress, $"/api/cards/counter_live?key={Keys.Fresh()}&periodMs=60000&format={format}");
        await client.SubscribeAsync("sub-1");

        var subscribed = await client.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var data = (await client.ReceiveDataAsync(1))[0];

        GoldenJson.AssertMatches(Folder, golden, (golden == "subscribed" ? subscribed : data).ToJsonString());
    }

    [Theory]
    [InlineData("""{"action":"ping"}""", "pong")]
    [InlineData("not json", "error")]
    [InlineData("""{"action":"subscribe","subscriptionId":"sub-1","topic":"c"}""", "subscription-error")]
    public async Task AnswersToClientMessages_ArePinned(string sent, string golden)
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live");

        await client.SendTextAsync(sent);
        var answer = await client.ReceiveUntilAsync(m => (string?)m["action"] != "ping");

        GoldenJson.AssertMatches(Folder, golden, answer.ToJsonString());
    }
}
