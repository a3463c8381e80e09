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
        var read = await BoundedBody.ReadAsync(request, MaxBytes, 64 * 1024, "a body with samples is required", ct);
        if (!read.IsOk) return read.Error!;
        return new MetricBody(read.Value.Buffer, read.Value.Length);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
