using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cereon.Hosting;

/// <summary>
/// One log event per request: method, path, status and duration, with the request's trace id. Server errors are
/// logged at Error, client errors at Information and successes at Debug (see docs/observability.md).
/// </summary>
/// <remarks>
/// Written here rather than taken from Serilog's request logging, which opens an ambient diagnostic context
/// (an <see cref="AsyncLocal{T}"/>) for every request before it knows whether the request will be logged at all: that
/// cost 2–3 µs of a 24 µs cached read (BENCHMARKS.md, "Session 4"). This one does no work for a successful request
/// beyond a timestamp unless Debug is on, and none of its own awaiting when the pipeline completes synchronously.
/// </remarks>
internal sealed partial class RequestOutcomeLog(RequestDelegate next, ILogger<RequestOutcomeLog> logger)
{
    public Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        Task pending;
        try
        {
            pending = next(http);
        }
        catch (Exception failure)
        {
            Write(http, started, failure);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Write(http, started, failure: null);
            return Task.CompletedTask;
        }

        return AwaitAsync(pending, http, started);
    }

    private async Task AwaitAsync(Task pending, HttpContext http, long started)
    {
        try
        {
            await pending;
        }
        catch (Exception failure)
        {
            Write(http, started, failure);
            throw;
        }

        Write(http, started, failure: null);
    }

    private void Write(HttpContext http, long started, Exception? failure)
    {
        var status = failure is null ? http.Response.StatusCode : StatusCodes.Status500InternalServerError;
        var level = LevelOf(status, failure);
        if (logger.IsEnabled(level))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Responded(level, http.Request.Method, http.Request.Path.Value, status, elapsedMs, failure);
        }
    }

    internal static LogLevel LevelOf(int status, Exception? failure) =>
        failure is not null || status >= StatusCodes.Status500InternalServerError ? LogLevel.Error
        : status >= StatusCodes.Status400BadRequest ? LogLevel.Information
        : LogLevel.Debug;

    [LoggerMessage(Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms")]
    private partial void Responded(LogLevel level, string requestMethod, string? requestPath, int statusCode, double elapsed, Exception? exception);
}
