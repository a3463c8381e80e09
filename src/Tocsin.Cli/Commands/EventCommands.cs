using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tocsin.Cli.Output;

namespace Tocsin.Cli.Commands;

internal static class EventCommands
{
    public static Command Create()
    {
        var summary = new Option<string?>("--summary") { Description = "Alert title (required for trigger)" };
        var dedupKey = new Option<string?>("--dedup-key") { Description = "Dedup key; repeats update the open alert" };
        var action = new Option<string>("--action") { Description = "trigger, acknowledge or resolve", DefaultValueFactory = _ => "trigger" };
        var priority = new Option<string?>("--priority") { Description = "critical, high, medium, low or info" };
        var source = new Option<string?>("--source") { Description = "Where the event comes from" };
        var details = new Option<string?>("--details") { Description = "Longer description" };
        var labels = new Option<string[]>("--label") { Description = "key=value, repeatable", AllowMultipleArgumentsPerToken = false };
        var send = new Command("send", "Send one event to POST /api/v1/events")
        {
            summary, dedupKey, action, priority, source, details, labels, ApiClient.Url, ApiClient.Key, ApiClient.Json,
        };
        send.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var body = new JsonObject { ["action"] = parse.GetValue(action) };
            Put(body, "summary", parse.GetValue(summary));
            Put(body, "dedupKey", parse.GetValue(dedupKey));
            Put(body, "priority", parse.GetValue(priority));
            Put(body, "source", parse.GetValue(source));
            Put(body, "details", parse.GetValue(details));
            var labelValues = parse.GetValue(labels) ?? [];
            if (labelValues.Length > 0)
            {
                var obj = new JsonObject();
                foreach (var l in labelValues)
                {
                    var eq = l.IndexOf('=');
                    if (eq <= 0) throw new CliException($"--label '{l}' must be key=value");
                    obj[l[..eq]] = l[(eq + 1)..];
                }
                body["labels"] = obj;
            }
            using var client = ApiClient.From(parse);
            var result = await client.PostAsync("api/v1/events", body, ct);
            if (parse.GetValue(ApiClient.Json)) { Tables.Json(result); return; }
            var r = result?["results"]?[0];
            AnsiConsole.MarkupLine($"{Markup.Escape(Tables.Text(r?["outcome"]))} alert {Markup.Escape(Tables.Text(r?["alertId"]))}");
        }));
        return new Command("event", "Send events") { send };
    }

    private static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null) o[name] = value;
    }
}
