using System.Buffers;
using Tocsin.Core.Common;

namespace Tocsin.Server.Api.Metrics;

/// <summary>
/// A metrics request body read into a pooled buffer. Metrics batches are larger than API bodies (10,000 samples of JSON
/// or a whole exporter page of text), so this has its own bound instead of <see cref="ApiBody"/>'s 1 MiB, and it takes text.
/// </summary>
internal sealed class MetricBody : IDisposable
{
    public const int MaxBytes = 8 * 1024 * 1024;

    private byte[] _buffer;

    private MetricBody(byte[] buffer, int length) { _buffer = buffer; Length = length; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async Task<Result<MetricBody>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return TooLarge();
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 64 * 1024, MaxBytes) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
                if (length > MaxBytes) { ArrayPool<byte>.Shared.Return(buffer); return TooLarge(); }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return TooLarge();
        }
        if (length == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return CoreError.Validation("body", "a body with samples is required");
        }
        return new MetricBody(buffer, length);
    }

    private static CoreError TooLarge() => new(ErrorKind.TooLarge, $"request body exceeds {MaxBytes} bytes", "body");

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
