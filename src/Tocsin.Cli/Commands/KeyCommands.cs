using System.CommandLine;
using Spectre.Console;
using Tocsin.Core.Tenancy;
using Tocsin.Storage;
using Tocsin.Storage.Sql;

namespace Tocsin.Cli.Commands;

/// <summary>
/// Key management works on the database directly (like other servers' admin tools), so an operator who lost every key can
/// still get in. It is safe while the server runs: the database serialises the writes, and the server notices revocations within a minute.
/// </summary>
internal static class KeyCommands
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Folder of the SQLite database", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TOCSIN_DATA_DIR") ?? "./data" };
        var tenant = new Option<Guid?>("--tenant") { Description = "Tenant id (default: the only/first tenant)" };
        var dbProvider = DatabaseOptions.Provider();
        var connection = DatabaseOptions.Connection();
        var target = new Target(dataDir, dbProvider, connection, tenant);

        var name = new Option<string>("--name") { Description = "What the key is for", Required = true };
        var permissions = new Option<string[]>("--permission") { Description = $"Repeatable: {string.Join(", ", Permission.All)}", Required = true };
        var oauth = new Option<bool>("--oauth") { Description = "Create a Genesys OAuth client (client-credentials grant at /compat/genesys/oauth/token) instead of an API key" };
        var create = new Command("create", "Create an API key (or with --oauth an OAuth client); the secret is printed once") { name, permissions, dataDir, dbProvider, connection, tenant, oauth };
        create.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var perms = parse.GetValue(permissions)!;
            foreach (var p in perms)
                if (!Permission.IsKnown(p)) throw new Output.CliException($"unknown permission '{p}'; expected {string.Join(", ", Permission.All)}");
            var (db, store, tenantId) = await OpenAsync(parse, target, ct);
            if (parse.GetValue(oauth))
            {
                var (client, clientSecret) = await new Tocsin.Server.Dialects.Genesys.GenesysOAuth(new SqlGenesysStore(db), TimeProvider.System)
                    .CreateClientAsync(tenantId, parse.GetValue(name)!, perms.Distinct().ToList(), null, ct);
                AnsiConsole.MarkupLine($"Created OAuth client [bold]{client.Id}[/] ({Markup.Escape(string.Join(" ", client.Permissions))}). Shown only now:");
                Console.WriteLine($"client_id: {client.ClientId}");
                Console.WriteLine($"client_secret: {clientSecret}");
                return;
            }
            var (record, secret) = await new TenantService(store, TimeProvider.System).CreateKeyAsync(tenantId, parse.GetValue(name)!, perms.Distinct().ToList(), null, ct);
            AnsiConsole.MarkupLine($"Created key [bold]{record.Id}[/] ({Markup.Escape(string.Join(" ", record.Permissions))}). Secret, shown only now:");
            Console.WriteLine(secret);
        }));

        var list = new Command("list", "List API keys (never their secrets)") { dataDir, dbProvider, connection, tenant };
        list.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var (_, store, tenantId) = await OpenAsync(parse, target, ct);
            var table = new Table().AddColumns("ID", "Name", "Prefix", "Permissions", "Created", "Revoked");
            foreach (var k in await store.ListKeysAsync(tenantId, ct))
                table.AddRow(k.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(k.Name), Markup.Escape(k.Prefix),
                    string.Join(" ", k.Permissions), k.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    k.RevokedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            AnsiConsole.Write(table);
        }));

        var id = new Argument<long>("id") { Description = "Key id" };
        var revoke = new Command("revoke", "Revoke an API key") { id, dataDir, dbProvider, connection, tenant };
        revoke.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var (_, store, tenantId) = await OpenAsync(parse, target, ct);
            if (!await store.RevokeKeyAsync(tenantId, parse.GetValue(id), TimeProvider.System.GetUtcNow(), ct))
                throw new Output.CliException($"no key {parse.GetValue(id)} in this tenant");
            AnsiConsole.MarkupLine("[green]revoked[/]");
        }));

        return new Command("keys", "Manage API keys in the local database") { create, list, revoke };
    }

    private sealed record Target(Option<string> DataDir, Option<string?> Provider, Option<string?> Connection, Option<Guid?> Tenant);

    private static async Task<(Database Db, ITenantStore Store, Guid TenantId)> OpenAsync(ParseResult parse, Target target, CancellationToken ct)
    {
        var options = new StorageOptions { DataDir = parse.GetValue(target.DataDir)! };
        if ((parse.GetValue(target.Provider) ?? Environment.GetEnvironmentVariable("TOCSIN_DB")) is { } p && p.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            options.Provider = DatabaseProvider.Postgres;
            options.ConnectionString = parse.GetValue(target.Connection) ?? Environment.GetEnvironmentVariable("TOCSIN_CONNECTION")
                ?? throw new Output.CliException("--db postgres needs --connection");
        }
        var db = Database.Create(options);
        await db.MigrateAsync(ct);
        var store = new SqlTenantStore(db);
        var tenants = await store.ListTenantsAsync(ct);
        if (tenants.Count == 0) throw new Output.CliException("no tenant in this database; start 'tocsin serve' once first");
        var tenant = parse.GetValue(target.Tenant);
        var chosen = tenant is { } t ? tenants.FirstOrDefault(x => x.Id == t) : tenants[0];
        return chosen is null ? throw new Output.CliException($"no tenant {tenant}") : (db, store, chosen.Id);
    }
}
