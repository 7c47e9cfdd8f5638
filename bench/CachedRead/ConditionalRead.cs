using System.Net;

namespace Cereon.Bench.CachedRead;

/// <summary>
/// What a card answers to a conditional read: the ETag of a first GET, and the status of the same GET sent again with
/// <c>If-None-Match</c> set to it. The 304 row is measured only when the card serves an ETag and honours it.
/// </summary>
internal sealed record ConditionalRead(string? ETag, HttpStatusCode? ConditionalStatus)
{
    /// <summary>The wrk header of the 304 row, once the card answers it with 304.</summary>
    public string? Header => ETag is not null && ConditionalStatus == HttpStatusCode.NotModified ? $"If-None-Match: {ETag}" : null;

    /// <summary>Why there is no 304 row, for the table, when there is none.</summary>
    public string? Missing => ETag is null
        ? "no ETag served"
        : ConditionalStatus == HttpStatusCode.NotModified ? null : $"If-None-Match answered {(int?)ConditionalStatus}, not 304";

    public static async Task<ConditionalRead> ProbeAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var first = await client.GetAsync(url, cancellationToken);
        first.EnsureSuccessStatusCode();
        if (first.Headers.ETag is not { } etag)
        {
            return new ConditionalRead(null, null);
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(again, cancellationToken);
        return new ConditionalRead(etag.ToString(), second.StatusCode);
    }
}
