using System.Net;
using System.Text;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.OnCall;

/// <summary>Every #3 endpoint answers malformed or inconsistent input with a problem+json naming the field.</summary>
public sealed class BadInputTests(BadInputTests.Seeded seeded) : IClassFixture<BadInputTests.Seeded>
{
    /// <summary>One app for every row: each row is refused, so none changes what the next one sees.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public TocsinApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = await TocsinApp.StartAsync();
            var user = await App.UserAsync("Seed");
            await App.Client.PostOkAsync("/api/v1/schedules", new
            {
                name = "S", timeZone = "UTC",
                layers = new[] { new { users = new[] { user }, start = "2026-03-01T00:00:00Z", shiftLength = new { unit = "days", count = 1 } } },
            });
            await App.TriggerAsync("seed alert");
        }

        // xunit disposes the fixture even when every test of the class was skipped and InitializeAsync never ran.
        public async Task DisposeAsync()
        {
            if (App is not null) await App.DisposeAsync();
        }
    }

    private const string Layer = """{"users":[1],"start":"2026-03-01T00:00:00Z","shiftLength":{"unit":"days","count":1}}""";
    private const string Window = """ "start":"2026-03-28T12:00:00Z","end":"2026-03-28T13:00:00Z" """;

    [Theory]
    [InlineData("POST", "/api/v1/users", """{"name":""}""", 400, "name")]
    [InlineData("POST", "/api/v1/users", """{"name":5}""", 400, "name")]
    [InlineData("POST", "/api/v1/users", """{"name":"A","timeZone":"Mars/Base"}""", 400, "timeZone")]
    [InlineData("POST", "/api/v1/users", """{"name":"A","role":"king"}""", 400, "role")]
    [InlineData("POST", "/api/v1/users", """{"name":"A","email":"nope"}""", 400, "email")]
    [InlineData("POST", "/api/v1/users", """{"name":"A","language":"!!"}""", 400, "language")]
    [InlineData("POST", "/api/v1/users", """{"name":"B","email":"seed@example.com"}""", 409, "email")]
    [InlineData("PUT", "/api/v1/users/1", """{"name":"A","phone":"123"}""", 400, "phone")]
    [InlineData("PUT", "/api/v1/users/99", """{"name":"A"}""", 404, null)]
    [InlineData("DELETE", "/api/v1/users/1", null, 409, "id")]
    [InlineData("GET", "/api/v1/users/99/calendar.ics", null, 404, null)]
    [InlineData("POST", "/api/v1/teams", """{"name":"T","members":[{"kind":"robot","id":1}]}""", 400, "members[0].kind")]
    [InlineData("POST", "/api/v1/teams", """{"name":"T","members":[{"kind":"user","id":99}]}""", 400, "members[0].id")]
    [InlineData("POST", "/api/v1/teams", """{"name":"T","members":[{"kind":"user","id":1,"role":"boss"}]}""", 400, "members[0].role")]
    [InlineData("POST", "/api/v1/teams", """{"name":""}""", 400, "name")]
    [InlineData("PUT", "/api/v1/teams/99", """{"name":"T"}""", 404, null)]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"UTC"}""", 400, "layers")]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"Nowhere/X","layers":[""" + Layer + "]}", 400, "timeZone")]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"UTC","layers":[{"users":[],"start":"2026-03-01T00:00:00Z","shiftLength":{"unit":"days","count":1}}]}""", 400, "layers[0].users")]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"UTC","layers":[{"users":[1],"start":"2026-03-01T00:00:00Z","shiftLength":{"unit":"days","count":0}}]}""", 400, "layers[0].shiftLength.count")]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"UTC","layers":[{"users":[1],"start":"2026-03-01T00:00:00Z","shiftLength":{"unit":"fortnights","count":1}}]}""", 400, "layers[0].shiftLength.unit")]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"UTC","layers":[{"users":[1],"shiftLength":{"unit":"days","count":1}}]}""", 400, "layers[0].start")]
    [InlineData("POST", "/api/v1/schedules", """{"name":"S","timeZone":"UTC","layers":[{"users":[1],"start":"2026-03-01T00:00:00Z","shiftLength":{"unit":"days","count":1},"handoffTime":"25:99"}]}""", 400, "layers[0].handoffTime")]
    [InlineData("PUT", "/api/v1/schedules/1", """{"name":"S","timeZone":"UTC","layers":[{"users":[99],"start":"2026-03-01T00:00:00Z","shiftLength":{"unit":"days","count":1}}]}""", 400, "layers[0].users[0]")]
    [InlineData("POST", "/api/v1/schedules/1/overrides", """{"userId":1,"from":"2026-03-28T10:00:00Z"}""", 400, "until")]
    [InlineData("POST", "/api/v1/schedules/1/overrides", """{"userId":99,"from":"2026-03-28T10:00:00Z","until":"2026-03-28T11:00:00Z"}""", 400, "userId")]
    [InlineData("POST", "/api/v1/schedules/99/overrides", """{"userId":1,"from":"2026-03-28T10:00:00Z","until":"2026-03-28T11:00:00Z"}""", 404, null)]
    [InlineData("DELETE", "/api/v1/schedules/1/overrides/99", null, 404, null)]
    [InlineData("GET", "/api/v1/schedules/1/on-call?at=yesterday", null, 400, "at")]
    [InlineData("GET", "/api/v1/schedules/99/on-call", null, 404, null)]
    [InlineData("GET", "/api/v1/schedules/1/shifts?from=2026-03-28T00:00:00Z", null, 400, "until")]
    [InlineData("GET", "/api/v1/schedules/1/shifts?from=x&until=y", null, 400, "from")]
    [InlineData("GET", "/api/v1/schedules/1/shifts?from=2026-03-28T00:00:00Z&until=2026-03-27T00:00:00Z", null, 400, "until")]
    [InlineData("GET", "/api/v1/schedules/1/shifts?from=2026-03-28T00:00:00Z&until=2026-03-29T00:00:00Z&layer=abc", null, 400, "layer")]
    [InlineData("GET", "/api/v1/schedules/1/shifts?from=2026-03-28T00:00:00Z&until=2026-03-29T00:00:00Z&layer=-1", null, 400, "layer")]
    [InlineData("GET", "/api/v1/schedules/1/shifts?from=2026-03-28T00:00:00Z&until=2026-03-29T00:00:00Z&layer=7", null, 400, "layer")]
    [InlineData("GET", "/api/v1/schedules/99/calendar.ics", null, 404, null)]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","rules":[{"timeoutMinutes":0,"targets":[{"kind":"user","id":1}]}]}""", 400, "rules[0].timeoutMinutes")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","rules":[]}""", 400, "rules")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"","rules":[{"timeoutMinutes":5,"targets":[{"kind":"user","id":1}]}]}""", 400, "name")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","rules":[{"timeoutMinutes":5,"targets":[]}]}""", 400, "rules[0].targets")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","rules":[{"timeoutMinutes":5,"targets":[{"kind":"schedule","id":42}]}]}""", 400, "rules[0].targets[0].id")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","rules":[{"timeoutMinutes":5,"targets":[{"kind":"pager","id":1}]}]}""", 400, "rules[0].targets[0].kind")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","repeat":-1,"rules":[{"timeoutMinutes":5,"targets":[{"kind":"user","id":1}]}]}""", 400, "repeat")]
    [InlineData("POST", "/api/v1/escalation-policies", """{"name":"P","initialDelayMinutes":-1,"rules":[{"timeoutMinutes":5,"targets":[{"kind":"user","id":1}]}]}""", 400, "initialDelayMinutes")]
    [InlineData("DELETE", "/api/v1/escalation-policies/99", null, 404, null)]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","priorityRule":"URGENT"}""", 400, "priorityRule")]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","escalationPolicyId":77}""", 400, "escalationPolicyId")]
    [InlineData("POST", "/api/v1/sources", """{"name":""}""", 400, "name")]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","supportHours":{"timeZone":"Bad/Zone","windows":[]}}""", 400, "supportHours.timeZone")]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","supportHours":{"timeZone":"UTC","windows":[{"day":"funday","start":"09:00","end":"17:00"}]}}""", 400, "supportHours.windows[0].day")]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","priorityRule":"HIGH_DURING_SUPPORT_HOURS"}""", 400, "supportHours")]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","alertCreation":"many"}""", 400, "alertCreation")]
    [InlineData("POST", "/api/v1/sources", """{"name":"S","autoResolveTimeoutMinutes":0}""", 400, "autoResolveTimeoutMinutes")]
    [InlineData("DELETE", "/api/v1/sources/99", null, 404, null)]
    [InlineData("POST", "/api/v1/maintenance-windows", """{"start":"2026-03-28T12:00:00Z","end":"2026-03-28T11:00:00Z"}""", 400, "end")]
    [InlineData("POST", "/api/v1/maintenance-windows", """{"end":"2026-03-28T11:00:00Z"}""", 400, "start")]
    [InlineData("POST", "/api/v1/maintenance-windows", "{" + Window + ""","sourceIds":[5]}""", 400, "sourceIds[0]")]
    [InlineData("DELETE", "/api/v1/maintenance-windows/99", null, 404, null)]
    [InlineData("POST", "/api/v1/alerts/1/assign", "{}", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/assign", """{"userId":1,"policyId":1}""", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/assign", """{"scheduleId":99}""", 400, "scheduleId")]
    [InlineData("POST", "/api/v1/alerts/1/assign", """{"userId":99}""", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/assign", """{"policyId":99}""", 400, "policyId")]
    [InlineData("POST", "/api/v1/alerts/99/assign", """{"userId":1}""", 404, null)]
    [InlineData("POST", "/api/v1/alerts/1/reject", """{"note":5}""", 400, "note")]
    [InlineData("POST", "/api/v1/alerts/99/reject", null, 404, null)]
    [InlineData("POST", "/api/v1/alerts/1/handoff", """{"userId":1,"teamId":1}""", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/handoff", """{"teamId":99}""", 400, "teamId")]
    [InlineData("POST", "/api/v1/alerts/1/handoff", """{"userId":99}""", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/responders", "{}", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/responders", """{"userId":99}""", 400, "userId")]
    [InlineData("POST", "/api/v1/alerts/1/responders", "[", 400, "body")]
    [InlineData("DELETE", "/api/v1/alerts/1/responders/1", null, 404, null)]
    [InlineData("GET", "/api/v1/alerts/99/suggested-responders", null, 404, null)]
    [InlineData("POST", "/api/v1/events", """{"integrationKey":"nope","summary":"x"}""", 400, "integrationKey")]
    [InlineData("POST", "/api/v1/events", """[{"sourceId":12345,"summary":"x"}]""", 400, "[0].sourceId")]
    [InlineData("POST", "/api/v1/keys", """{"name":"k","permissions":["alerts:read"],"userId":99}""", 400, "userId")]
    public async Task Endpoint_WithBadInput_ReturnsProblemNamingField(string method, string path, string? body, int status, string? field)
    {
        var app = seeded.App;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await app.Client.SendAsync(request);
        await response.ProblemAsync((HttpStatusCode)status, field!);
    }
}
