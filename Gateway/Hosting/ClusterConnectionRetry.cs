namespace Cereon.Gateway.Hosting;

/// <summary>
/// Keeps trying to reach the cluster at start-up: gateways often start before silos, and readiness (not a crash
/// loop) is how a gateway without a cluster should show it.
/// </summary>
internal sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogRetrying(logger, exception.Message);
        await Task.Delay(Delay, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster not reachable yet ({Reason}); retrying")]
    private static partial void LogRetrying(ILogger logger, string reason);
}
