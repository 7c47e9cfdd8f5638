using Cereon.Gateway.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>
/// The ETag of each public card answer that the gateway's response cache keeps, by the request's path and query, for
/// as long as it keeps the answer: what <see cref="CardRevalidationMiddleware"/> needs to answer a conditional read
/// with 304 ahead of the output cache.
/// </summary>
/// <remarks>
/// ASP.NET Core's output cache answers <c>If-None-Match</c> itself, but only after building the entry's key, queueing
/// on its per-key lookup and deserializing the stored entry, body and all, to read one header; its 304 then replays
/// the stored <c>Date</c> and <c>max-age</c>. So its 304 cost as much as the 200 it saves, and said nothing of how
/// much freshness was left (BENCHMARKS.md, "Session 10"). Held in a <see cref="MemoryCache"/> with a size limit, an
/// eighth of <c>Cereon:Gateway:ResponseCacheBytes</c>, so that query strings without end evict tags rather than grow
/// the gateway.
/// </remarks>
internal sealed class CardEntityTags : IDisposable
{
    /// <summary>
    /// What an entry costs beyond its strings' characters: the cache's entry object and dictionary node, the
    /// <see cref="CurrentTag"/> and the two string headers (measured 205 bytes without the headers, over 100,000
    /// entries: BENCHMARKS.md, "Session 10").
    /// </summary>
    private const long EntryOverheadBytes = 256;

    private readonly MemoryCache _tags;
    private readonly TimeProvider _time;

    public CardEntityTags(IOptions<GatewayOptions> options, TimeProvider time)
    {
        _tags = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, BudgetOf(options.Value.ResponseCacheBytes)) });
        _time = time;
    }

    /// <summary>The share of the response cache's bytes that ETags are kept in; the output cache keeps bodies in the rest.</summary>
    public static long BudgetOf(long responseCacheBytes) => responseCacheBytes / 8;

    /// <summary>Tags held now.</summary>
    public int Count => _tags.Count;

    /// <summary>
    /// Keeps <paramref name="etag"/> as the current tag of the answer being written, for <paramref name="lifetime"/>,
    /// when the output cache may keep that answer too: a GET or HEAD of a public card that goes through it.
    /// </summary>
    public void Remember(HttpContext http, string etag, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero
            || http.Features.Get<IOutputCacheFeature>() is null
            || !HttpCardResponder.IsConditionalRead(http.Request))
        {
            return;
        }

        var key = KeyOf(http.Request);
        _tags.Set(key, new CurrentTag(etag, _time.GetUtcNow() + lifetime), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = lifetime,
            Size = 2L * (key.Length + etag.Length) + EntryOverheadBytes,
        });
    }

    /// <summary>The current tag of the answer to <paramref name="request"/>, and how long it stays fresh, if one is kept.</summary>
    public bool TryGetCurrent(HttpRequest request, out string etag, out TimeSpan freshFor)
    {
        if (_tags.TryGetValue(KeyOf(request), out CurrentTag? current) && current!.FreshUntil - _time.GetUtcNow() is { Ticks: > 0 } left)
        {
            etag = current.ETag;
            freshFor = left;
            return true;
        }

        etag = string.Empty;
        freshFor = TimeSpan.Zero;
        return false;
    }

    public void Dispose() => _tags.Dispose();

    /// <summary>The path as routed and the query as sent: the same string always names the same card and parameters.</summary>
    private static string KeyOf(HttpRequest request) => string.Concat(request.Path.Value, request.QueryString.Value);

    private sealed record CurrentTag(string ETag, DateTimeOffset FreshUntil);
}
