namespace Tocsin.Server.Api;

internal static class OpenApiMetadata
{
    /// <summary>Declares the success body and the problem statuses an endpoint can answer, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder builder, int status, params int[] problems)
    {
        builder.Produces<T>(status);
        foreach (var p in problems) builder.ProducesProblem(p);
        return builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    public static RouteHandlerBuilder ReturnsNoContent(this RouteHandlerBuilder builder, params int[] problems)
    {
        builder.Produces(StatusCodes.Status204NoContent);
        foreach (var p in problems) builder.ProducesProblem(p);
        return builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
