using Cereon.Gateway.Errors;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Cards;

/// <summary>Answers an <c>http</c> card (protocol.md §4) from its grain, writing the grain's bytes as they are.</summary>
internal sealed partial class HttpCardResponder(IGrainFactory grains, CardReads reads, ILogger<HttpCardResponder> logger)
{
    public async Task RespondAsync(HttpContext http, CardDescriptor card, string canonicalParams)
    {
        var (caller, partition) = CallerClaims.For(http.User, card);
        var grain = grains.GetGrain<ICardGrain>(CardGrainKeys.For(card.Route, canonicalParams, partition));
        CardResponse response;
        try
        {
            var request = new CardRequest(canonicalParams, http.Request.Method, caller);
            response = await reads.ReadAsync(
                static (state, token) => state.grain.GetAsync(state.request, token), (grain, request), card.Route, http.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Transient cluster trouble (a silo leaving, a call timing out) is the caller's cue to retry, not a bug.
            LogClusterUnavailable(logger, card.Route, ex);
            http.Response.Headers.RetryAfter = "1";
            await GatewayErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Card cluster unavailable", card.CardId);
            return;
        }

        switch (response.Outcome)
        {
            case CardOutcome.Ok:
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = response.Body.Length;
                await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
                break;
            case CardOutcome.UnknownCard or CardOutcome.WrongTransport:
                await GatewayErrors.WriteAsync(http, StatusCodes.Status404NotFound, response.Error ?? "Card not found", card.CardId);
                break;
            default:
                await GatewayErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, response.Error ?? "Card failed", card.CardId);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {Route} could not be reached in the cluster")]
    private static partial void LogClusterUnavailable(ILogger logger, string route, Exception exception);
}
