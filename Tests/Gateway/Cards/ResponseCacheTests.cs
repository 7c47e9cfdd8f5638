using System.Net;
using System.Net.Http.Headers;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>
/// The gateway's response cache: a public card's fresh answer is served again without a grain call, for no longer
/// than the card's grain would serve it, and never across callers or to a card that needs a sign-in.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ResponseCacheTests(ClusterFixture fixture) : IAsyncLifetime
{
    private GatewayServer _signedIn = null!;

    public async ValueTask InitializeAsync() => _signedIn = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

    public async ValueTask DisposeAsync() => await _signedIn.DisposeAsync();

    [Fact]
    public async Task FreshPublicAnswer_IsServedAgainByTheGateway_WithItsAge_AndRevalidatesTo304()
    {
        var path = $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var second = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var revalidated = await fixture.Http.SendAsync(Conditional(HttpMethod.Get, path, first.Headers.ETag!));

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(first.Headers.ETag, revalidated.Headers.ETag);
    }

    [Fact]
    public async Task Revalidation_Says_HowLongTheAnswerStaysFresh_AsOfNow()
    {
        var path = $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        var sent = DateTimeOffset.UtcNow;
        using var revalidated = await fixture.Http.SendAsync(Conditional(HttpMethod.Get, path, first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.True(revalidated.Headers.CacheControl!.Public);

        // What is left now, not the stored answer's max-age and Date replayed: a 304 carries no Age, so a cache that
        // took its max-age at its word would keep the answer longer than the card does. Kestrel's Date is whole
        // seconds, refreshed once a second.
        Assert.InRange(revalidated.Headers.CacheControl.MaxAge!.Value, TimeSpan.Zero, first.Headers.CacheControl!.MaxAge!.Value - TimeSpan.FromSeconds(3));
        Assert.InRange(revalidated.Headers.Date!.Value, sent.AddSeconds(-2.5), sent.AddSeconds(30));
    }

    [Fact]
    public async Task RevalidationByAWeakTagOrAList_SaysTheSame()
    {
        var path = $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        var etag = first.Headers.ETag!;
        using var weak = await fixture.Http.SendAsync(Conditional(HttpMethod.Get, path, new EntityTagHeaderValue(etag.Tag, isWeak: true)));
        using var list = new HttpRequestMessage(HttpMethod.Get, path);
        list.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
        list.Headers.IfNoneMatch.Add(etag);
        using var listed = await fixture.Http.SendAsync(list);

        var atMost = first.Headers.CacheControl!.MaxAge!.Value - TimeSpan.FromSeconds(3);
        Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        Assert.InRange(weak.Headers.CacheControl!.MaxAge!.Value, TimeSpan.Zero, atMost);
        Assert.Equal(HttpStatusCode.NotModified, listed.StatusCode);
        Assert.InRange(listed.Headers.CacheControl!.MaxAge!.Value, TimeSpan.Zero, atMost);
    }

    [Fact]
    public async Task AnETagPastTheCardsTtl_GetsTheNewAnswer()
    {
        var path = $"/api/cards/short_ttl?key={Keys.Fresh()}";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var early = await fixture.Http.SendAsync(Conditional(HttpMethod.Get, path, first.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, early.StatusCode);

        // short_ttl keeps its result for 2 s; past that, its old ETag names an answer nobody serves any more.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var late = await fixture.Http.SendAsync(Conditional(HttpMethod.Get, path, first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.NotEqual(first.Headers.ETag, late.Headers.ETag);
        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await late.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CachedAnswer_LivesNoLongerThanTheCardsTtl()
    {
        var key = Keys.Fresh();
        var path = $"/api/cards/short_ttl?key={key}";
        using var first = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var again = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());

        // short_ttl keeps its result for 2 s; past that, neither the grain nor the gateway may answer with it.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var later = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.NotEqual(firstBody, await later.Content.ReadAsStringAsync());
        Assert.Equal(2, HandlerRuns.Of("short_ttl", key));
    }

    [Fact]
    public async Task DifferentParameters_AreDifferentEntries()
    {
        var key = Keys.Fresh();
        using var one = await fixture.Http.GetAsync(new Uri($"/api/cards/slow_number?key={key}&delayMs=1", UriKind.Relative));
        using var other = await fixture.Http.GetAsync(new Uri($"/api/cards/slow_number?key={key}y&delayMs=1", UriKind.Relative));

        Assert.Contains(key + "y", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(other.Headers.Age);
    }

    [Fact]
    public async Task CardThatVariesByCaller_IsNeverServedFromTheGatewayCache()
    {
        var key = Keys.Fresh();
        var path = $"/api/cards/whoami?key={key}&delayMs=1";
        using var alice = await _signedIn.Client.SendAsync(TestTokens.Get(path, TestTokens.For($"alice-{key}")));
        using var aliceAgain = await _signedIn.Client.SendAsync(TestTokens.Get(path, TestTokens.For($"alice-{key}")));
        using var bob = await _signedIn.Client.SendAsync(TestTokens.Get(path, TestTokens.For($"bob-{key}")));

        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        Assert.Null(aliceAgain.Headers.Age);
        Assert.Null(bob.Headers.Age);
        Assert.Contains($"bob-{key}", await bob.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Conditional(HttpMethod method, string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.IfNoneMatch.Add(etag);
        return request;
    }
}
