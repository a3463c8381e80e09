using System.Buffers;
using Tocsin.Core.Common;

namespace Tocsin.Server.Api;

/// <summary>
/// Reads a request body into a pooled buffer of at most <c>maxBytes</c>, so an oversized body is a clear 413 naming
/// <c>body</c> instead of unbounded memory. The caller owns the returned buffer and returns it to the pool.
/// </summary>
internal static class BoundedBody
{
    public static async Task<Result<(byte[] Buffer, int Length)>> ReadAsync(HttpRequest request, int maxBytes, int initialBytes, string emptyMessage, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return TooLarge(maxBytes);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? initialBytes, maxBytes) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) { ArrayPool<byte>.Shared.Return(buffer); return TooLarge(maxBytes); }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return TooLarge(maxBytes);
        }
        if (length == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return CoreError.Validation("body", emptyMessage);
        }
        return (buffer, length);
    }

    public static CoreError TooLarge(int maxBytes) => new(ErrorKind.TooLarge, $"request body exceeds {maxBytes} bytes", "body");
}
