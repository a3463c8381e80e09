using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Tocsin.Core.Escalation;
using Tocsin.Core.Routing;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.Routing;

public sealed class SqlRouterStore(Database db) : IRouterStore
{
    private sealed record Row(long id, string name, long enabled, string definition, long created_at, long updated_at);

    private const string Columns = "id, name, enabled, definition, created_at, updated_at";

    public async Task<Router?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM routers WHERE tenant_id = @t AND id = @id",
            new { t = T(tenantId), id }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToRouter(row);
    }

    public async Task<IReadOnlyList<Router>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM routers WHERE tenant_id = @t ORDER BY id",
            new { t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToRouter).ToList();
    }

    public async Task<long> InsertAsync(Guid tenantId, Router router, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO routers (tenant_id, name, enabled, definition, created_at, updated_at) VALUES (@t, @name, @enabled, @definition, @now, @now) RETURNING id",
            new { t = T(tenantId), name = router.Name, enabled = router.Enabled ? 1 : 0, definition = Definition(router), now = Ms(now) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(Guid tenantId, Router router, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE routers SET name = @name, enabled = @enabled, definition = @definition, updated_at = @now WHERE id = @id AND tenant_id = @t",
            new { t = T(tenantId), id = router.Id, name = router.Name, enabled = router.Enabled ? 1 : 0, definition = Definition(router), now = Ms(now) },
            cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM routers WHERE id = @id AND tenant_id = @t",
            new { t = T(tenantId), id }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    private static string Definition(Router r) =>
        JsonSerializer.Serialize(new RouterDefinition(r.Rules.ToList(), r.Default), RouterStorageJson.Default.RouterDefinition);

    private static Router ToRouter(Row row)
    {
        var d = JsonSerializer.Deserialize(row.definition, RouterStorageJson.Default.RouterDefinition)
                ?? throw new InvalidDataException($"router {row.id} has no definition");
        return new Router(row.id, row.name, row.enabled != 0, d.Rules, d.Default) { CreatedAt = Time(row.created_at), UpdatedAt = Time(row.updated_at) };
    }
}

internal sealed record RouterDefinition(List<RouterRule> Rules, EscalationTarget? Default);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RouterDefinition))]
internal sealed partial class RouterStorageJson : JsonSerializerContext;
