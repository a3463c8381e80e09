using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Tocsin.Cli.Output;

internal static class Tables
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Json(JsonNode? node) => Console.WriteLine(node?.ToJsonString(Indented) ?? "");

    public static void Alerts(JsonArray items)
    {
        var table = new Table().AddColumns("#", "ID", "Status", "Priority", "Title", "Source", "Count", "Created");
        foreach (var a in items)
        {
            table.AddRow(
                Text(a?["number"]), Text(a?["id"]), StatusMarkup(a?["status"]?.GetValue<string>()), Text(a?["priority"]),
                Markup.Escape(Text(a?["title"])), Markup.Escape(Text(a?["source"])), Text(a?["count"]), Text(a?["createdAt"]));
        }
        AnsiConsole.Write(table);
    }

    public static void Alert(JsonNode a)
    {
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var field in new[] { "id", "number", "title", "status", "priority", "severity", "source", "dedupKey", "count", "createdAt", "lastSeenAt", "acknowledgedAt", "acknowledgedBy", "resolvedAt", "resolvedBy", "details" })
        {
            if (a[field] is { } v) grid.AddRow(new Markup($"[bold]{field}[/]"), new Text(Text(v)));
        }
        if (a["labels"] is JsonObject labels && labels.Count > 0)
            grid.AddRow(new Markup("[bold]labels[/]"), new Text(string.Join(", ", labels.Select(kv => $"{kv.Key}={Text(kv.Value)}"))));
        AnsiConsole.Write(grid);
    }

    public static string Text(JsonNode? n) => n switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => n.ToJsonString(),
    };

    private static string StatusMarkup(string? status) => status switch
    {
        "triggered" => "[red]triggered[/]",
        "acknowledged" => "[yellow]acknowledged[/]",
        "resolved" => "[green]resolved[/]",
        "dropped" => "[magenta]dropped[/]",
        _ => Markup.Escape(status ?? ""),
    };
}
