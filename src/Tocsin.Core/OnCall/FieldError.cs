namespace Tocsin.Core.OnCall;

/// <summary>A validation error naming the offending field by its JSON path, e.g. <c>layers[1].users</c>.</summary>
public sealed record FieldError(string Field, string Message);
