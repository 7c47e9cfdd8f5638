using System.Diagnostics;

namespace Cereon.Hosting.Errors;

/// <summary>Writes JSON errors: never an HTML page, never a stack trace, always a trace id to find the log line.</summary>
public static class JsonErrors
{
    public static Task WriteAsync(HttpContext http, int statusCode, string message, string? cardId = null)
    {
        var response = http.Response;
        response.StatusCode = statusCode;
        response.Headers.CacheControl = "no-store";
        var body = new ErrorBody(message, cardId, TraceIdOf(http));
        return response.WriteAsJsonAsync(body, ErrorJsonContext.Default.ErrorBody, cancellationToken: http.RequestAborted);
    }

    public static string TraceIdOf(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
