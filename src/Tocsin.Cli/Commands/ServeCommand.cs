using Microsoft.Extensions.Hosting;
using System.CommandLine;
using Tocsin.Server.Hosting;

namespace Tocsin.Cli.Commands;

internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on (default {DefaultUrls}; config key 'urls')" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for the SQLite database (default ./data)" };
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (see appsettings.json for every key)" };
        var db = DatabaseOptions.Provider();
        var connection = DatabaseOptions.Connection();
        var command = new Command("serve", "Run the Tocsin server") { urls, dataDir, config, db, connection };
        command.SetAction(async (parse, ct) =>
        {
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = await StartAsync(parse, ct);
            }
            // Start-up problems an operator fixes in the settings (a database that cannot be reached, a connection
            // string or option the provider rejects, an address in use, a data directory that cannot be written) get
            // one line, not a stack trace.
            catch (Exception e) when (e is System.Data.Common.DbException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: tocsin could not start: {Describe(e)}");
                return 1;
            }
            await using (app) await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;

        async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync(System.CommandLine.ParseResult parse, CancellationToken ct)
        {
            var options = new TocsinStartOptions(parse.GetValue(urls), parse.GetValue(dataDir), parse.GetValue(config),
                Db: parse.GetValue(db), Connection: parse.GetValue(connection));
            var app = TocsinHost.Build(options);
            try
            {
                if (app.Configuration["urls"] is null) app.Urls.Add(DefaultUrls);
                var adminKey = await TocsinHost.InitializeAsync(app, Environment.GetEnvironmentVariable("TOCSIN_ADMIN_KEY"), ct);
                if (adminKey is not null)
                {
                    Console.WriteLine("Created the default tenant. Its admin API key is shown only this once:");
                    Console.WriteLine();
                    Console.WriteLine("    " + adminKey);
                    Console.WriteLine();
                }
                await app.StartAsync(ct);
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    private static string Describe(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;
}
