using Cereon.Gateway.Status;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Answers a conditional read of a public card with 304 when its one <c>If-None-Match</c> tag is the current ETag
/// that <see cref="CardEntityTags"/> keeps, before the output cache looks the answer up. Everything else (a list of
/// tags, a weak, stale or <c>*</c> tag, a tag not kept) goes on to the output cache and the card, which answer it in
/// full (RFC 9110 §13.1.2); this only takes the shape browsers send, the tag of the answer they hold.
/// </summary>
/// <remarks>
/// It sits behind CORS and security, so a 304 carries the same CORS and security headers, and counts against the
/// same rate limits, as the answer it stands for.
/// </remarks>
internal sealed class CardRevalidationMiddleware(RequestDelegate next, CardEntityTags tags, ResponseCacheTally hits)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.Headers.IfNoneMatch is { Count: 1 } ifNoneMatch
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && http.GetEndpoint()?.Metadata is { } metadata
            && metadata.GetMetadata<CardResponseCachePolicy>() is not null
            && metadata.GetMetadata<CardDescriptor>() is { } card
            && tags.TryGetCurrent(request, out var etag, out var freshFor)
            && string.Equals(ifNoneMatch[0], etag, StringComparison.Ordinal))
        {
            hits.Hit(card.Route);
            var response = http.Response;
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = HttpCardResponder.CacheControlOf(card, freshFor);
            return Task.CompletedTask;
        }

        return next(http);
    }
}
