using Dapper;
using Tocsin.Core.OnCall;

namespace Tocsin.Storage.Sql.OnCall;

/// <summary>
/// "Where is this used" lookups shared by the user, team and schedule stores: before deleting something, the API lists
/// the policies, schedules and teams that still name it. Policies and layers are JSON documents, walked with the
/// database's JSON functions.
/// </summary>
internal static class UsageSql
{
    /// <summary>Escalation policies with a rule target of <paramref name="targetKind"/> (User, Team, Schedule) and id <c>@id</c>.</summary>
    public static string Policies(Database db, string targetKind) =>
        $"SELECT DISTINCT 'escalation policy' AS kind, p.id, p.name FROM escalation_policies p, {db.JsonElements("p.rules", "r")}, " +
        $"{db.JsonElements(db.JsonField("r.value", "targets"), "x")} " +
        $"WHERE p.tenant_id = @t AND {db.JsonText("x.value", "kind")} = '{targetKind}' AND {db.JsonLong("x.value", "id")} = @id";

    /// <summary>Teams with a member of <paramref name="memberKind"/> (user, team, schedule) and id <c>@id</c>.</summary>
    public static string Teams(string memberKind) =>
        "SELECT DISTINCT 'team' AS kind, tm.id, tm.name FROM team_members m JOIN teams tm ON tm.id = m.team_id " +
        $"WHERE m.tenant_id = @t AND m.member_kind = '{memberKind}' AND m.member_id = @id";

    /// <summary>Schedules whose layer rotations name user <c>@id</c>, and schedules with an override by that user.</summary>
    public static string Schedules(Database db) =>
        $"SELECT DISTINCT 'schedule' AS kind, s.id, s.name FROM schedules s, {db.JsonElements("s.layers", "l")}, " +
        $"{db.JsonElements(db.JsonField("l.value", "users"), "u")} WHERE s.tenant_id = @t AND {db.JsonElementLong("u")} = @id " +
        "UNION SELECT DISTINCT 'schedule override' AS kind, s.id, s.name FROM schedule_overrides o JOIN schedules s ON s.id = o.schedule_id " +
        "WHERE o.tenant_id = @t AND o.user_id = @id";

    /// <summary>Runs the union of <paramref name="parts"/> for object <paramref name="id"/>.</summary>
    public static async Task<IReadOnlyList<UserUsage>> QueryAsync(Database db, Guid tenantId, long id, CancellationToken ct, params string[] parts)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<UsageRow>(new CommandDefinition(string.Join(" UNION ", parts) + " ORDER BY kind, id",
            new { id, t = tenantId.ToString() }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new UserUsage(r.kind, r.id, r.name)).ToList();
    }

    // A class, not a positional record: with no rows SQLite reports the literal 'kind' column as a blob and Dapper's constructor matching fails.
    private sealed class UsageRow
    {
        public string kind { get; set; } = "";
        public long id { get; set; }
        public string name { get; set; } = "";
    }
}
