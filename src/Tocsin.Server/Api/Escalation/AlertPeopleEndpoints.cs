using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Escalation;

/// <summary>People actions on an alert: assign, reject, handoff, responders. Each writes one timeline entry and notifies through the outbox.</summary>
internal static class AlertPeopleEndpoints
{
    public static RouteGroupBuilder MapAlertPeople(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsWrite);
        write.MapPost("/{id:long}/assign", AssignAsync).Accepts<AssignRequest>("application/json").WithSummary("Assign to a user, a policy (new escalation) or a schedule's on-call");
        write.MapPost("/{id:long}/reject", RejectAsync).Accepts<RejectRequest>("application/json").WithSummary("The current target declines: escalation moves on now");
        write.MapPost("/{id:long}/handoff", HandoffAsync).Accepts<HandoffRequest>("application/json").WithSummary("Hand off to a user or team, who must acknowledge");
        write.MapPost("/{id:long}/responders", AddResponderAsync).Accepts<ResponderRequest>("application/json").WithSummary("Ask a user to help");
        write.MapDelete("/{id:long}/responders/{userId:long}", RemoveResponderAsync).WithSummary("Remove a responder");
        read.MapGet("/{id:long}/suggested-responders", SuggestAsync).WithSummary("People the alert's policy would page now, not yet involved");
        return api;
    }

    private static async Task<IResult> AssignAsync(long id, HttpContext c, AlertPeopleService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.AssignRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var r = body.Value!;
        if ((r.UserId is null ? 0 : 1) + (r.PolicyId is null ? 0 : 1) + (r.ScheduleId is null ? 0 : 1) != 1)
            return ApiProblems.Validation("userId", "give exactly one of userId, policyId or scheduleId");
        var caller = c.Caller();
        return ToResult(await s.AssignAsync(caller.TenantId, id, new AssignTarget(r.UserId, r.PolicyId, r.ScheduleId), caller.Actor, ct));
    }

    private static async Task<IResult> RejectAsync(long id, HttpContext c, AlertPeopleService s, CancellationToken ct)
    {
        string? note = null;
        if (c.Request.ContentLength is > 0 || c.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.RejectRequest, ct);
            if (!body.IsOk) return ApiProblems.From(body.Error!);
            note = body.Value!.Note;
        }
        if (note is { Length: > AlertRequestMapping.MaxTitle }) return ApiProblems.Validation("note", $"must be at most {AlertRequestMapping.MaxTitle} characters");
        var caller = c.Caller();
        return ToResult(await s.RejectAsync(caller.TenantId, id, note, caller.Actor, ct));
    }

    private static async Task<IResult> HandoffAsync(long id, HttpContext c, AlertPeopleService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.HandoffRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var r = body.Value!;
        if ((r.UserId is null) == (r.TeamId is null)) return ApiProblems.Validation("userId", "give exactly one of userId or teamId");
        if (r.Note is { Length: > AlertRequestMapping.MaxTitle }) return ApiProblems.Validation("note", $"must be at most {AlertRequestMapping.MaxTitle} characters");
        var caller = c.Caller();
        return ToResult(await s.HandoffAsync(caller.TenantId, id, new HandoffTarget(r.UserId, r.TeamId, r.Note), caller.Actor, ct));
    }

    private static async Task<IResult> AddResponderAsync(long id, HttpContext c, AlertPeopleService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.ResponderRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        if (body.Value!.UserId is not { } userId) return ApiProblems.Validation("userId", "is required");
        var caller = c.Caller();
        return ToResult(await s.AddResponderAsync(caller.TenantId, id, userId, caller.Actor, ct));
    }

    private static async Task<IResult> RemoveResponderAsync(long id, long userId, HttpContext c, AlertPeopleService s, CancellationToken ct)
    {
        var caller = c.Caller();
        return ToResult(await s.RemoveResponderAsync(caller.TenantId, id, userId, caller.Actor, ct));
    }

    private static async Task<IResult> SuggestAsync(long id, HttpContext c, AlertPeopleService s, TimeProvider time, CancellationToken ct)
    {
        var result = await s.SuggestAsync(c.Caller().TenantId, id, time.GetUtcNow(), ct);
        return ApiResults.Ok(result, list => new Page<SuggestedResponderDto>(list.Select(x => new SuggestedResponderDto(x.UserId, x.Name, x.Reason)).ToList(), null));
    }

    private static IResult ToResult(Result<Alert> r) => r.IsOk ? TypedResults.Ok(AlertDto.From(r.Value!)) : ApiProblems.From(r.Error!);
}
