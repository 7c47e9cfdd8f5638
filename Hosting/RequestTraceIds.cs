using System.Diagnostics;

namespace Cereon.Hosting;

/// <summary>
/// While no trace is exported, has ASP.NET Core create each request's activity unrecorded: the cheapest way to give
/// every request a W3C trace id (continuing a caller's <c>traceparent</c>) for its log lines, error body and card
/// handler. Nothing is recorded, no tag is set and no exporter runs.
/// </summary>
internal sealed class RequestTraceIds : IHostedService, IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();
}
