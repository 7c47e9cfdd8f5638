using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// Acknowledged positions belong to a caller (issue 12): a second caller who reuses someone's subscription id on a
/// shared card neither resumes from that person's position nor moves it. Signed-in callers keep their position across
/// connections and gateways; an anonymous caller's belongs to its connection.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class AckCursorTests(ClusterFixture fixture) : IAsyncLifetime
{
    private SignedInGateways _gateways = null!;

    private GatewayServer Gateway => _gateways.Gateway;

    private GatewayServer Other => _gateways.Other;

    public async ValueTask InitializeAsync() => _gateways = await SignedInGateways.StartAsync(fixture);

    public async ValueTask DisposeAsync() => await _gateways.DisposeAsync();

    [Fact]
    public async Task AnotherSignedInCaller_ReusingTheSubscriptionId_DoesNotMoveTheFirstCallersPosition()
    {
        var card = $"/api/cards/counter_live?key={Keys.Fresh()}";
        var subscriptionId = Keys.Fresh();
        long aliceAcked;
        await using (var alice = await ConnectAsync(Gateway, card, "alice"))
        {
            aliceAcked = await SubscribeAndAckAsync(alice, subscriptionId, messages: 6, ackIndex: 2);
        }

        JsonObject mallorySubscribed;
        await using (var mallory = await ConnectAsync(Other, card, "mallory"))
        {
            await mallory.SubscribeAsync(subscriptionId);
            mallorySubscribed = await mallory.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
            var seen = await mallory.ReceiveDataAsync(12);
            await AckAsync(mallory, subscriptionId, seen[^1]);
        }

        await using var aliceAgain = await ConnectAsync(Other, card, "alice");
        await aliceAgain.SubscribeAsync(subscriptionId);
        var resumed = await aliceAgain.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var next = (await aliceAgain.ReceiveDataAsync(1))[0];

        Assert.False((bool)mallorySubscribed["recovered"]!);
        Assert.True((bool)resumed["recovered"]!);
        Assert.Equal(aliceAcked + 1, (long)next["seq"]!);
    }

    [Fact]
    public async Task AnotherAnonymousConnection_ReusingTheSubscriptionId_DoesNotResumeFromItsPosition()
    {
        var card = $"/api/cards/counter_live?key={Keys.Fresh()}";
        var subscriptionId = Keys.Fresh();
        await using var first = await LiveClient.ConnectAsync(Gateway.BaseAddress, card);
        var firstAcked = await SubscribeAndAckAsync(first, subscriptionId, messages: 6, ackIndex: 2);

        await using var second = await LiveClient.ConnectAsync(Gateway.BaseAddress, card);
        await second.SubscribeAsync(subscriptionId);
        var secondSubscribed = await second.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var seen = await second.ReceiveDataAsync(8);
        await AckAsync(second, subscriptionId, seen[^1]);

        // The first connection's own position still holds: resubscribing on it resumes after its ack.
        await first.SendAsync(new JsonObject { ["action"] = "unsubscribe", ["subscriptionId"] = subscriptionId });
        await first.ReceiveUntilAsync(m => (string?)m["action"] == "unsubscribed");
        await first.SubscribeAsync(subscriptionId);
        var resumed = await first.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var next = (await first.ReceiveDataAsync(1))[0];

        Assert.False((bool)secondSubscribed["recovered"]!);
        Assert.True((bool)resumed["recovered"]!);
        Assert.Equal(firstAcked + 1, (long)next["seq"]!);
    }

    private static Task<LiveClient> ConnectAsync(GatewayServer gateway, string card, string subject) =>
        LiveClient.ConnectAsync(gateway.BaseAddress, $"{card}&access_token={TestTokens.For(subject)}");

    /// <summary>Subscribes, acknowledges the message at <paramref name="ackIndex"/> and waits for the ack to be flushed.</summary>
    private static async Task<long> SubscribeAndAckAsync(LiveClient client, string subscriptionId, int messages, int ackIndex)
    {
        await client.SubscribeAsync(subscriptionId);
        var data = await client.ReceiveDataAsync(messages);
        await AckAsync(client, subscriptionId, data[ackIndex]);
        return (long)data[ackIndex]["seq"]!;
    }

    private static async Task AckAsync(LiveClient client, string subscriptionId, JsonObject message)
    {
        await client.SendAsync(new JsonObject { ["action"] = "ack", ["messageId"] = (string?)message["id"], ["subscriptionId"] = subscriptionId });

        // Gateways flush acknowledgements every 200 ms in the tests.
        await Task.Delay(600);
    }
}
