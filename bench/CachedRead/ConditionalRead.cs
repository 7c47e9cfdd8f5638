using System.Net;
using Cereon.Bench.Cli;

namespace Cereon.Bench.CachedRead;

/// <summary>
/// The conditional read of the 304 row, kept a 304 for every request of every load: wrk sends one fixed
/// <c>If-None-Match</c>, and a card's ETag changes when its TTL ends and it computes again (<c>mrr_overview</c>'s
/// answer carries the time it was computed), after which the same header gets full 200 answers. So each load takes
/// the ETag of a GET made while enough of the answer's <c>max-age</c> is left, and after each load the same ETag must
/// still answer 304; a load after which it does not is counted stale, and the row is not met.
/// </summary>
internal sealed class ConditionalRead
{
    /// <summary>What must be left of the answer's freshness beyond the load itself, for the GETs around it.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    private readonly HttpClient _client;
    private readonly Uri _url;

    private ConditionalRead(HttpClient client, Uri url, string? etag, HttpStatusCode? conditionalStatus)
    {
        _client = client;
        _url = url;
        ETag = etag;
        ConditionalStatus = conditionalStatus;
    }

    /// <summary>The ETag the last load sent.</summary>
    public string? ETag { get; private set; }

    /// <summary>What the first GET with <c>If-None-Match</c> answered.</summary>
    public HttpStatusCode? ConditionalStatus { get; }

    public int Loads { get; private set; }

    /// <summary>Loads after which their ETag no longer answered 304, so part of their answers were 200s.</summary>
    public int StaleLoads { get; private set; }

    /// <summary>Why there is no 304 row, for the table, when there is none.</summary>
    public string? Missing => ETag is null
        ? "no ETag served"
        : ConditionalStatus == HttpStatusCode.NotModified ? null : $"If-None-Match answered {(int?)ConditionalStatus}, not 304";

    /// <summary>The header as the table's command shows it, with the ETag its last load sent.</summary>
    public string? Header => Missing is null ? HeaderOf(ETag!) : null;

    public static async Task<ConditionalRead> ProbeAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var (etag, _) = await GetAsync(client, url, cancellationToken);
        if (etag is null)
        {
            return new ConditionalRead(client, url, null, null);
        }

        return new ConditionalRead(client, url, etag, await ConditionalStatusAsync(client, url, etag, cancellationToken));
    }

    /// <summary>
    /// The header for a load of <paramref name="load"/>: the ETag of an answer fresh for the whole load, waiting for
    /// the card's next answer when the current one ends sooner.
    /// </summary>
    public async Task<string> HeaderForAsync(TimeSpan load, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (etag, freshFor) = await GetAsync(_client, _url, cancellationToken);
            var wait = WaitBeforeLoad(freshFor, load);
            if (etag is not null && wait == TimeSpan.Zero)
            {
                ETag = etag;
                Loads++;
                return HeaderOf(etag);
            }

            await Task.Delay(wait == TimeSpan.Zero ? Margin : wait, cancellationToken);
        }
    }

    /// <summary>Checks, after a load, that its ETag still answers 304, which means every request of the load got one.</summary>
    public async Task CheckLoadAsync(CancellationToken cancellationToken)
    {
        if (await ConditionalStatusAsync(_client, _url, ETag!, cancellationToken) != HttpStatusCode.NotModified)
        {
            StaleLoads++;
        }
    }

    /// <summary>
    /// How long to wait before a load of <paramref name="load"/> whose answer is fresh for <paramref name="freshFor"/>
    /// more (<c>max-age</c> less <c>Age</c>; null when it may not be kept): none when that covers the load and the
    /// margin, otherwise until the answer has expired, so the next GET brings the card's next one.
    /// </summary>
    public static TimeSpan WaitBeforeLoad(TimeSpan? freshFor, TimeSpan load)
    {
        if (freshFor is not { } left)
        {
            throw new BenchFailure("the card's answer carries no max-age, so no ETag of it stays current through a load");
        }

        return left >= load + Margin ? TimeSpan.Zero : left + TimeSpan.FromSeconds(1);
    }

    private static string HeaderOf(string etag) => $"If-None-Match: {etag}";

    private static async Task<(string? ETag, TimeSpan? FreshFor)> GetAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var answer = await client.GetAsync(url, cancellationToken);
        answer.EnsureSuccessStatusCode();
        var freshFor = answer.Headers.CacheControl?.MaxAge - (answer.Headers.Age ?? TimeSpan.Zero);
        return (answer.Headers.ETag?.ToString(), freshFor);
    }

    private static async Task<HttpStatusCode> ConditionalStatusAsync(HttpClient client, Uri url, string etag, CancellationToken cancellationToken)
    {
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var answer = await client.SendAsync(again, cancellationToken);
        return answer.StatusCode;
    }
}
