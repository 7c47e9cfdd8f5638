using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// A publish body is JSON and says so (protocol.md §8): any other Content-Type, or none, gets 415 with the JSON error
/// body, before the body is read, while every JSON media type ASP.NET Core itself reads as JSON is taken.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class PublishContentTypeTests(ClusterFixture fixture)
{
    private const string Publish = "/api/cards/chat_live/publish";

    [Theory]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Publish_WithABodyThatDoesNotSayJson_Is415_InJson(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Record(Keys.Fresh()).ToJsonString()));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await fixture.Http.PostAsync(new Uri(Publish, UriKind.Relative), content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", (string?)body["error"], StringComparison.Ordinal);
        Assert.Equal("chat_live", (string?)body["cardId"]);
        Assert.NotNull(body["traceId"]);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/vnd.cereon.record+json")]
    public async Task Publish_WithAJsonMediaType_IsStored(string contentType)
    {
        using var content = new StringContent(Record(Keys.Fresh()).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await fixture.Http.PostAsync(new Uri(Publish, UriKind.Relative), content);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.True((long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["seq"]! >= 1);
    }

    [Fact]
    public async Task AnotherMethod_IsStill405_WhateverItsContentType()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Publish, UriKind.Relative))
        {
            Content = new StringContent("x", Encoding.UTF8, "text/plain"),
        };

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    /// <summary>A record for a room of its own, so that no other test's stream is touched.</summary>
    private static JsonObject Record(string room) => new()
    {
        ["record"] = new JsonObject { ["value"] = 7 },
        ["topic"] = "a",
        ["params"] = new JsonObject { ["room"] = room },
    };
}
