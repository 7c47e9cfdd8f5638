using Cereon.Gateway.Cards;
using Cereon.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>
/// The ETags the gateway answers revalidations from: kept only for reads the output cache may keep, current for no
/// longer than the answer they name, and bounded by their share of the response cache's bytes.
/// </summary>
public sealed class CardEntityTagsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CardEntityTags _tags;

    public CardEntityTagsTests() => _tags = TagsWithin(32 * 1024 * 1024);

    public void Dispose() => _tags.Dispose();

    [Fact]
    public void ATagKept_IsCurrent_WithWhatIsLeftOfItsLifetime_ThenNoLonger()
    {
        _tags.Remember(Read("/api/cards/c", "?a=1"), "\"x\"", TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(_tags.TryGetCurrent(Read("/api/cards/c", "?a=1").Request, out var etag, out var freshFor));
        Assert.Equal("\"x\"", etag);
        Assert.Equal(TimeSpan.FromSeconds(20), freshFor);

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(_tags.TryGetCurrent(Read("/api/cards/c", "?a=1").Request, out _, out _));
    }

    [Fact]
    public void OtherParameters_AreOtherAnswers()
    {
        _tags.Remember(Read("/api/cards/c", "?a=1"), "\"x\"", TimeSpan.FromSeconds(30));

        Assert.False(_tags.TryGetCurrent(Read("/api/cards/c", "?a=2").Request, out _, out _));
        Assert.False(_tags.TryGetCurrent(Read("/api/cards/c", string.Empty).Request, out _, out _));
    }

    [Fact]
    public void ANewerAnswer_ReplacesTheTag()
    {
        _tags.Remember(Read("/api/cards/c", string.Empty), "\"old\"", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        _tags.Remember(Read("/api/cards/c", string.Empty), "\"new\"", TimeSpan.FromSeconds(30));

        Assert.True(_tags.TryGetCurrent(Read("/api/cards/c", string.Empty).Request, out var etag, out _));
        Assert.Equal("\"new\"", etag);
    }

    [Theory]
    [InlineData("POST", true, 30)]
    [InlineData("GET", false, 30)]
    [InlineData("GET", true, 0)]
    public void AReadTheOutputCacheMayNotKeep_KeepsNoTag(string method, bool throughTheCache, int lifetimeSeconds)
    {
        var http = Read("/api/cards/c", string.Empty, method, throughTheCache);

        _tags.Remember(http, "\"x\"", TimeSpan.FromSeconds(lifetimeSeconds));

        Assert.Equal(0, _tags.Count);
    }

    [Fact]
    public void QueryStringsWithoutEnd_StayWithinTheTagsShareOfTheResponseCache()
    {
        // 64 KiB of response cache leaves 8 KiB for tags: some 25 of these, at most 32 of any size.
        using var tags = TagsWithin(64 * 1024);
        for (var i = 0; i < 10_000; i++)
        {
            tags.Remember(Read("/api/cards/c", $"?key={i}"), "\"AAAAAAAAAAAAAAAAAAAAAA\"", TimeSpan.FromMinutes(1));
        }

        Assert.InRange(tags.Count, 1, 32);
    }

    private CardEntityTags TagsWithin(long responseCacheBytes) =>
        new(Options.Create(new GatewayOptions { ResponseCacheBytes = responseCacheBytes }), _time);

    private static DefaultHttpContext Read(string path, string query, string method = "GET", bool throughTheCache = true)
    {
        var http = new DefaultHttpContext { Request = { Method = method, Path = path, QueryString = new QueryString(query) } };
        if (throughTheCache)
        {
            http.Features.Set<IOutputCacheFeature>(new Feature(new OutputCacheContext { HttpContext = http }));
        }

        return http;
    }

    private sealed class Feature(OutputCacheContext context) : IOutputCacheFeature
    {
        public OutputCacheContext Context { get; } = context;
    }
}
