namespace Cereon.Gateway.Security;

/// <summary>
/// Endpoint metadata: the endpoint answers the same whoever calls, so authentication and authorization are not run
/// for it. Card endpoints carry it when the card needs no sign-in, does not depend on the caller and is not a socket
/// (a socket can subscribe to other cards, which may need one).
/// </summary>
internal sealed class CallerIndependent
{
    public static readonly CallerIndependent Metadata = new();

    private CallerIndependent()
    {
    }

    /// <summary>Whether the request's endpoint needs to know its caller; requests without an endpoint do.</summary>
    public static bool IsCallerNeededBy(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<CallerIndependent>() is null;
}
