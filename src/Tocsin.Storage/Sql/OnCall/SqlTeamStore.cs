using Dapper;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlTeamStore(Database db) : ITeamStore
{
    private sealed record Row(long id, string name);
    private sealed record MemberRow(long team_id, string member_kind, long member_id, string role);

    public async Task<Team?> GetAsync(Guid tenantId, long id, CancellationToken ct) =>
        (await LoadAsync(tenantId, id, ct)).FirstOrDefault();

    public async Task<IReadOnlyList<Team>> ListAsync(Guid tenantId, CancellationToken ct) => await LoadAsync(tenantId, null, ct);

    private async Task<List<Team>> LoadAsync(Guid tenantId, long? id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var filter = id is null ? "" : " AND id = @id";
        var teams = await c.QueryAsync<Row>(new CommandDefinition($"SELECT id, name FROM teams WHERE tenant_id = @t{filter} ORDER BY id",
            new { t = T(tenantId), id }, cancellationToken: ct)).ConfigureAwait(false);
        var members = (await c.QueryAsync<MemberRow>(new CommandDefinition(
            $"SELECT team_id, member_kind, member_id, role FROM team_members WHERE tenant_id = @t{(id is null ? "" : " AND team_id = @id")} ORDER BY team_id, position",
            new { t = T(tenantId), id }, cancellationToken: ct)).ConfigureAwait(false)).ToLookup(m => m.team_id);
        return teams.Select(t => new Team(t.id, t.name, members[t.id]
            .Select(m => new TeamMember(new EscalationTarget(Kind(m.member_kind), m.member_id), m.role == "lead" ? TeamRole.Lead : TeamRole.Member))
            .ToList())).ToList();
    }

    public async Task<long> InsertAsync(Guid tenantId, Team team, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO teams (tenant_id, name, created_at, updated_at) VALUES (@t, @name, @now, @now) RETURNING id",
            new { t = T(tenantId), name = team.Name, now = Ms(now) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await WriteMembersAsync(c, tx, tenantId, id, team.Members, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return id;
    }

    public async Task<bool> UpdateAsync(Guid tenantId, Team team, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(new CommandDefinition("UPDATE teams SET name = @name, updated_at = @now WHERE id = @id AND tenant_id = @t",
            new { t = T(tenantId), id = team.Id, name = team.Name, now = Ms(now) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (n == 0) return false;
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM team_members WHERE team_id = @id", new { id = team.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await WriteMembersAsync(c, tx, tenantId, team.Id, team.Members, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static async Task WriteMembersAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Guid tenantId, long teamId,
        IReadOnlyList<TeamMember> members, CancellationToken ct)
    {
        for (var i = 0; i < members.Count; i++)
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO team_members (team_id, tenant_id, position, member_kind, member_id, role) VALUES (@teamId, @t, @i, @kind, @id, @role)",
                new { teamId, t = T(tenantId), i, kind = Wire(members[i].Target.Kind), id = members[i].Target.Id, role = members[i].Role == TeamRole.Lead ? "lead" : "member" },
                tx, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM teams WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct) =>
        UsageSql.QueryAsync(db, tenantId, id, ct, UsageSql.Teams("team"), UsageSql.Policies(db, "Team"));
}
