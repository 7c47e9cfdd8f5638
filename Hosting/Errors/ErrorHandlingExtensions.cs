using Microsoft.AspNetCore.Diagnostics;

namespace Cereon.Hosting.Errors;

public static class ErrorHandlingExtensions
{
    /// <summary>
    /// Turns unhandled exceptions and body-less error statuses (for example 405 from routing) into JSON errors,
    /// so no request ever gets ASP.NET Core's HTML or an empty body.
    /// </summary>
    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = http =>
            {
                var failure = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                return failure is BadHttpRequestException bad
                    ? JsonErrors.WriteAsync(http, bad.StatusCode, bad.Message)
                    : JsonErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, "Internal server error");
            },
        });
        app.UseStatusCodePages(context => JsonErrors.WriteAsync(
            context.HttpContext, context.HttpContext.Response.StatusCode, ReasonOf(context.HttpContext.Response.StatusCode)));
        return app;
    }

    private static string ReasonOf(int statusCode) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } phrase
            ? phrase
            : "Error";
}
