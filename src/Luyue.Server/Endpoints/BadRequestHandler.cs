using System.Text.Json;
using Luyue.Core.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Luyue.Server.Endpoints;

/// <summary>
/// A request the endpoints' parameters could not be bound from (<c>limit=abc</c>, a body that is not the JSON the
/// endpoint takes, or one too large): answered with its status (400, 413) and what failed, where the framework alone
/// answers with the bare status (the reason only in its debug log). The routes throw such requests
/// (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) to land here; handled, they are not logged as server errors.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = bad,
            ProblemDetails = { Status = bad.StatusCode, Title = ReasonPhrases.GetReasonPhrase(bad.StatusCode), Detail = Detail(bad) },
        });
    }

    /// <summary>The framework's sentence (which parameter), and for a body that is not JSON, where it broke.</summary>
    private static string Detail(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"{bad.Message} {JsonErrorText.OfDocument(json)}" : bad.Message;
}
