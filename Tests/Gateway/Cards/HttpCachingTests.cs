using System.Net;
using System.Net.Http.Headers;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>
/// HTTP caching of http cards: a strong ETag of the cached bytes, 304 for a matching If-None-Match, and
/// Cache-Control from what is left of the card's TTL, private for cards that depend on who asks.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class HttpCachingTests(ClusterFixture fixture) : IAsyncLifetime
{
    private GatewayServer _signedIn = null!;

    public async ValueTask InitializeAsync() => _signedIn = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

    public async ValueTask DisposeAsync() => await _signedIn.DisposeAsync();

    [Fact]
    public async Task CachedAnswer_CarriesAStrongETag_AndPublicMaxAge_WithinTheTtl()
    {
        var path = $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var second = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.InRange(first.Headers.CacheControl.MaxAge!.Value, TimeSpan.FromSeconds(58), TimeSpan.FromSeconds(60));
        Assert.InRange(second.Headers.CacheControl!.MaxAge!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task MatchingIfNoneMatch_Is304_WithNoBody_AndTheSameValidators()
    {
        var path = $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var revalidated = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, revalidated.Headers.ETag);
        Assert.True(revalidated.Headers.CacheControl!.Public);
    }

    [Fact]
    public async Task WeakOrStaleIfNoneMatch_StillMatchesWeakly_ButAnotherTagGetsTheBody()
    {
        var path = $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        var tag = first.Headers.ETag!.Tag;

        using var weak = new HttpRequestMessage(HttpMethod.Get, path);
        weak.Headers.TryAddWithoutValidation("If-None-Match", "W/" + tag);
        using var other = new HttpRequestMessage(HttpMethod.Get, path);
        other.Headers.TryAddWithoutValidation("If-None-Match", "\"not-it\"");

        using var weakAnswer = await fixture.Http.SendAsync(weak);
        using var otherAnswer = await fixture.Http.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, weakAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await otherAnswer.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task NewResult_GetsANewETag()
    {
        var key = Keys.Fresh();
        using var first = await fixture.Http.GetAsync(new Uri($"/api/cards/slow_number?key={key}&delayMs=1", UriKind.Relative));
        using var other = await fixture.Http.GetAsync(new Uri($"/api/cards/slow_number?key={key}x&delayMs=1", UriKind.Relative));

        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);
    }

    [Fact]
    public async Task UncachedCard_MustRevalidate_AndPost_IsNeverAnswered304()
    {
        using var get = await fixture.Http.GetAsync(new Uri($"/custom/v2/echo?key={Keys.Fresh()}", UriKind.Relative));
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/custom/v2/echo?key={Keys.Fresh()}");
        post.Headers.TryAddWithoutValidation("If-None-Match", "*");

        using var posted = await fixture.Http.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(get.Headers.CacheControl!.NoCache);
        Assert.Null(get.Headers.CacheControl.MaxAge);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    [Fact]
    public async Task CardThatVariesByCaller_IsPrivate()
    {
        using var response = await _signedIn.Client.SendAsync(TestTokens.Get("/api/cards/whoami", TestTokens.For($"user-{Keys.Fresh()}")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.False(response.Headers.CacheControl.Public);
        Assert.NotNull(response.Headers.ETag);
    }
}
