using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tocsin.Core.Common;

namespace Tocsin.Server.Api;

/// <summary>
/// Reads a JSON request body into memory (bounded) and deserializes it, turning every failure into a <see cref="CoreError"/>
/// that names the JSON path at fault, instead of the framework's generic 400.
/// </summary>
internal sealed class ApiBody : IDisposable
{
    public const int MaxBytes = 1024 * 1024;

    private byte[] _buffer;
    private readonly int _length;

    private ApiBody(byte[] buffer, int length) { _buffer = buffer; _length = length; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>First significant character: lets one endpoint accept an object or an array without parsing twice.</summary>
    public byte FirstToken
    {
        get
        {
            foreach (var b in Span) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
            return 0;
        }
    }

    public string Sha256() => Convert.ToHexString(SHA256.HashData(Span));

    public static async Task<Result<ApiBody>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return BoundedBody.TooLarge(MaxBytes);
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return CoreError.Validation("Content-Type", "must be application/json");
        var read = await BoundedBody.ReadAsync(request, MaxBytes, 16 * 1024, "a JSON body is required", ct);
        if (!read.IsOk) return read.Error!;
        return new ApiBody(read.Value.Buffer, read.Value.Length);
    }

    public static async Task<Result<T>> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var body = await ReadAsync(request, ct);
        if (!body.IsOk) return body.Error!;
        using var b = body.Value!;
        return b.Deserialize(type);
    }

    public Result<T> Deserialize<T>(JsonTypeInfo<T> type)
    {
        try
        {
            var value = JsonSerializer.Deserialize(Span, type);
            return value is null ? CoreError.Validation("body", "must not be null") : Result<T>.Ok(value);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$').TrimStart('.');
            var reason = e.InnerException is InvalidOperationException or FormatException ? "has the wrong type" :
                e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "has the wrong type" : "is not valid JSON";
            return CoreError.Validation(path, $"{reason} (line {e.LineNumber + 1}, byte {e.BytePositionInLine})");
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
