using Tocsin.Core.Common;

namespace Tocsin.Server.Api.OnCall;

/// <summary>Maps service results back to HTTP the same way for every on-call resource.</summary>
internal static class ApiResults
{
    public static IResult Ok<T, TDto>(Result<T> r, Func<T, TDto> map) => r.IsOk ? TypedResults.Ok(map(r.Value!)) : ApiProblems.From(r.Error!);

    public static IResult Created<T, TDto>(Result<T> r, Func<T, TDto> map, Func<T, string> location) =>
        r.IsOk ? TypedResults.Created(location(r.Value!), map(r.Value!)) : ApiProblems.From(r.Error!);

    public static IResult NoContent(Result<bool> r) => r.IsOk ? TypedResults.NoContent() : ApiProblems.From(r.Error!);

    public static IResult Found<T, TDto>(T? value, Func<T, TDto> map, string what) where T : class =>
        value is null ? ApiProblems.NotFound(what) : TypedResults.Ok(map(value));
}
