using System.Buffers;

namespace Cereon.Gateway.Parameters;

/// <summary>Reads a request body whole, but never more than a limit of it: chunked or lying bodies stop at the limit.</summary>
internal static class BoundedBody
{
    /// <summary>Decodes the body with <paramref name="decode"/>, or answers <paramref name="tooLarge"/> past <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<T> ReadAsync<T>(
        HttpRequest request, int maxBytes, BodyDecoder<T> decode, T tooLarge, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return tooLarge;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return tooLarge;
            }

            if (read.IsCompleted)
            {
                var result = decode(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray());
                reader.AdvanceTo(buffer.End);
                return result;
            }

            // Consume nothing until the whole body is here; examining everything makes the next read wait for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}

/// <summary>Turns a complete body into a result.</summary>
internal delegate T BodyDecoder<out T>(ReadOnlySpan<byte> body);
