namespace Cereon.Hosting.Security;

/// <summary>
/// Endpoint metadata: the endpoint answers the same whoever calls, so the host's authentication and authorization are
/// not run for it. The gateway's card endpoints carry it when the card needs no sign-in, does not depend on the caller
/// and is not a socket (a socket can subscribe to other cards, which may need one).
/// </summary>
public sealed class CallerIndependent
{
    public static readonly CallerIndependent Metadata = new();

    private CallerIndependent()
    {
    }

    /// <summary>Whether the request's endpoint needs to know its caller; requests without an endpoint do.</summary>
    public static bool IsCallerNeededBy(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<CallerIndependent>() is null;
}
