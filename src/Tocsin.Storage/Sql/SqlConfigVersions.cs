using Dapper;
using Tocsin.Core.Common;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql;

/// <summary>Reads <c>config_versions</c>, which triggers on the settings tables keep (migration 0016); a tenant never changed reads 0.</summary>
public sealed class SqlConfigVersions(Database db) : IConfigVersions
{
    /// <summary>The tenant <c>@t</c>'s version; the alert writer runs it on its own transaction.</summary>
    public const string CurrentSql = "SELECT version FROM config_versions WHERE tenant_id = @t";

    public async Task<long> CurrentAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition(CurrentSql,
            new { t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) ?? 0;
    }
}
