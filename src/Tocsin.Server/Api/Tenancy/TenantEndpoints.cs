using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Tenancy;

internal static class TenantEndpoints
{
    public static RouteGroupBuilder MapTenancy(this RouteGroupBuilder api)
    {
        api.MapGet("/tenant", GetTenantAsync).Returns<TenantDto>(200).WithTags("Tenancy").RequireAuthorization().WithSummary("The calling key's tenant");

        var keys = api.MapGroup("/keys").WithTags("Tenancy").RequireAuthorization(Permission.Admin);
        keys.MapGet("/", ListKeysAsync).Returns<List<ApiKeyDto>>(200).WithSummary("List API keys of the tenant (never their secrets)");
        keys.MapPost("/", CreateKeyAsync).Returns<CreatedKeyDto>(201, 400).Accepts<CreateKeyRequest>("application/json").WithSummary("Create an API key; the secret is shown once");
        keys.MapDelete("/{id:long}", RevokeKeyAsync).ReturnsNoContent(404).WithSummary("Revoke an API key");
        return api;
    }

    private static async Task<IResult> GetTenantAsync(HttpContext c, ITenantStore store, Tocsin.Storage.ITwilioStore twilio, CancellationToken ct) =>
        await store.GetTenantAsync(c.Caller().TenantId, ct) is { } t
            ? TypedResults.Ok(new TenantDto(t.Id, t.Name, t.CreatedAt, new TenantTwilioDto(
                Dialects.Twilio.TwilioAuth.AccountSid(t.Id), await Dialects.Twilio.TwilioAuth.InstancesAsync(twilio, t.Id, ct))))
            : ApiProblems.NotFound("tenant");

    private static async Task<IResult> ListKeysAsync(HttpContext c, ITenantStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListKeysAsync(c.Caller().TenantId, ct)).Select(ToDto).ToList());

    private static async Task<IResult> CreateKeyAsync(HttpContext c, TenantService tenants, Tocsin.Core.OnCall.IUserStore users, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, ApiJson.Default.CreateKeyRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var r = body.Value!;
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) return ApiProblems.Validation("name", "must be 1 to 200 characters");
        if (r.Permissions is null || r.Permissions.Count == 0) return ApiProblems.Validation("permissions", $"at least one of {string.Join(", ", Permission.All)}");
        foreach (var p in r.Permissions)
            if (!Permission.IsKnown(p)) return ApiProblems.Validation("permissions", $"unknown permission '{p}'; expected {string.Join(", ", Permission.All)}");
        // #3: a key bound to a user makes "who acknowledged" a real person, so the user must exist in this tenant.
        if (r.UserId is { } userId && await users.GetAsync(c.Caller().TenantId, userId, ct) is null)
            return ApiProblems.Validation("userId", $"user {userId} does not exist");
        var (record, secret) = await tenants.CreateKeyAsync(c.Caller().TenantId, r.Name, r.Permissions.Distinct().ToList(), r.UserId, ct);
        return TypedResults.Created($"/api/v1/keys/{record.Id}", new CreatedKeyDto(ToDto(record), secret));
    }

    private static async Task<IResult> RevokeKeyAsync(long id, HttpContext c, ITenantStore store, ApiKeyCache cache, TimeProvider time, CancellationToken ct)
    {
        if (!await store.RevokeKeyAsync(c.Caller().TenantId, id, time.GetUtcNow(), ct)) return ApiProblems.NotFound("API key");
        cache.Forget();
        return TypedResults.NoContent();
    }

    private static ApiKeyDto ToDto(ApiKeyRecord k) => new(k.Id, k.Name, k.Prefix, k.Permissions, k.UserId, k.CreatedAt, k.RevokedAt);
}
