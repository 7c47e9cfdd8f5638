using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Parameters;

/// <summary>
/// Text from clients that is not valid Unicode (a lone UTF-16 surrogate, which JSON can escape as <c>\ud800</c>) is
/// refused where it enters: an error frame on a socket that stays open, a JSON 400 on publish.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ClientTextTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("""{"action":"subscribe","subscriptionId":"s\ud800"}""", "error", null)]
    [InlineData("""{"action":"subscribe","subscriptionId":"lone","topic":"t\udc00"}""", "subscription_error", "lone")]
    [InlineData("""{"action":"subscribe","subscriptionId":"lone","epoch":"\ud800"}""", "subscription_error", "lone")]
    [InlineData("""{"action":"subscribe","subscriptionId":"lone","clientInfo":{"cardId":"\udbff"}}""", "subscription_error", "lone")]
    [InlineData("""{"action":"sub\ud800scribe","subscriptionId":"lone"}""", "error", null)]
    [InlineData("""{"action":"ack","messageId":"e-\ud800"}""", "error", null)]
    [InlineData("""{"action":"unsubscribe","subscriptionId":"\udfff"}""", "error", null)]
    [InlineData("""{"action":"ping","\ud800":1}""", "error", null)]
    public async Task LoneSurrogate_InAnyField_IsAnErrorFrame_AndTheSocketStaysOpen(string frame, string action, string? subscriptionId)
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live?topic=a");

        await client.SendTextAsync(frame);
        var answer = await client.ReceiveUntilAsync(m => (string?)m["action"] != "ping");
        await client.SendTextAsync("""{"action":"ping"}""");
        var pong = await client.ReceiveUntilAsync(m => (string?)m["action"] != "ping");

        Assert.Equal(action, (string?)answer["action"]);
        Assert.Equal(subscriptionId, (string?)answer["subscriptionId"]);
        Assert.Contains("Unicode", (string?)answer["message"], StringComparison.Ordinal);
        Assert.Equal("pong", (string?)pong["action"]);
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Theory]
    [InlineData("""{"value":3,"label":"\ud800"}""")]
    [InlineData("""{"record":{"value":3},"topic":"\udc00"}""")]
    [InlineData("""{"record":{"value":3},"params":{"\ud800":"x"}}""")]
    public async Task Publish_WithALoneSurrogate_Is400_InJson(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await fixture.Http.PostAsync(new Uri("/api/cards/live_active_users/publish", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unicode", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"], StringComparison.Ordinal);
    }
}
