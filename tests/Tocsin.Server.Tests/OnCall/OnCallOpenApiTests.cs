using System.Net;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.OnCall;

public sealed class OnCallOpenApiTests
{
    [Fact]
    public async Task OpenApi_ListsEveryOnCallPath()
    {
        await using var app = await TocsinApp.StartAsync();
        var doc = (await (await app.Client.GetAsync("/openapi/v1.json")).StatusAsync(HttpStatusCode.OK))!["paths"]!.AsObject();
        string[] expected =
        [
            "/api/v1/users", "/api/v1/users/{id}/calendar.ics", "/api/v1/teams", "/api/v1/schedules", "/api/v1/schedules/{id}/on-call",
            "/api/v1/schedules/{id}/shifts", "/api/v1/schedules/{id}/overrides", "/api/v1/schedules/{id}/calendar.ics", "/api/v1/escalation-policies",
            "/api/v1/sources", "/api/v1/maintenance-windows", "/api/v1/alerts/{id}/assign", "/api/v1/alerts/{id}/reject", "/api/v1/alerts/{id}/handoff",
            "/api/v1/alerts/{id}/responders", "/api/v1/alerts/{id}/suggested-responders",
        ];
        foreach (var path in expected)
            doc.Select(p => p.Key.TrimEnd('/')).ShouldContain(path);
    }
}
