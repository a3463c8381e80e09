using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tocsin.Cli.Output;

namespace Tocsin.Cli.Commands;

internal static class AlertCommands
{
    public static Command Create()
    {
        var status = new Option<string[]>("--status") { Description = "Filter by status, repeatable" };
        var limit = new Option<int>("--limit") { Description = "Page size (1-500)", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List alerts, newest first") { status, limit, ApiClient.Url, ApiClient.Key, ApiClient.Json };
        list.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var query = string.Join("&", (parse.GetValue(status) ?? []).Select(s => "status=" + Uri.EscapeDataString(s)).Append($"limit={parse.GetValue(limit)}"));
            using var client = ApiClient.From(parse);
            var page = await client.GetAsync("api/v1/alerts?" + query, ct);
            if (parse.GetValue(ApiClient.Json)) { Tables.Json(page); return; }
            Tables.Alerts(page?["items"]?.AsArray() ?? []);
        }));

        return new Command("alerts", "Look at and act on alerts")
        {
            list,
            Single("show", "Show one alert", (c, id, ct) => c.GetAsync($"api/v1/alerts/{id}", ct)),
            Single("ack", "Acknowledge an alert", (c, id, ct) => c.PostAsync($"api/v1/alerts/{id}/acknowledge", null, ct)),
            Single("resolve", "Resolve an alert", (c, id, ct) => c.PostAsync($"api/v1/alerts/{id}/resolve", null, ct)),
        };
    }

    private static Command Single(string name, string description, Func<ApiClient, long, CancellationToken, Task<JsonNode?>> call)
    {
        var id = new Argument<long>("id") { Description = "Alert id" };
        var command = new Command(name, description) { id, ApiClient.Url, ApiClient.Key, ApiClient.Json };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            using var client = ApiClient.From(parse);
            var alert = await call(client, parse.GetValue(id), ct);
            if (parse.GetValue(ApiClient.Json) || alert is null) { Tables.Json(alert); return; }
            Tables.Alert(alert);
            if (name != "show") AnsiConsole.MarkupLine($"[green]{Markup.Escape(Tables.Text(alert["status"]))}[/]");
        }));
        return command;
    }
}
