using Dapper;
using System.Data.Common;
using Tocsin.Core.Common;
using Tocsin.Core.Rules;
using static Tocsin.Storage.Sql.SqlRuleRows;

namespace Tocsin.Storage.Sql;

public sealed class SqlRuleStore(Database db) : IRuleStore
{
    private const string Columns = "id, tenant_id, name, enabled, definition, version, created_at, updated_at, last_evaluated_at";

    public async Task<Result<RuleRecord>> CreateAsync(Rule rule, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            var row = await c.QuerySingleAsync<RuleRow>(new CommandDefinition(
                $"""
                INSERT INTO rules (tenant_id, name, enabled, definition, version, created_at, updated_at)
                VALUES (@t, @name, @enabled, @definition, 1, @now, @now) RETURNING {Columns}
                """,
                new { t = rule.TenantId.ToString(), name = rule.Name, enabled = rule.Enabled ? 1 : 0, definition = Definition(rule), now = now.ToUnixTimeMilliseconds() },
                cancellationToken: ct)).ConfigureAwait(false);
            return ToRecord(row);
        }
        catch (Exception e) when (db.IsUniqueViolation(e))
        {
            return DuplicateName(rule.Name);
        }
    }

    public async Task<RuleRecord?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
            $"SELECT {Columns} FROM rules WHERE tenant_id = @t AND id = @id", new { t = tenantId.ToString(), id }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public async Task<IReadOnlyList<RuleRecord>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<RuleRow>(new CommandDefinition(
            $"SELECT {Columns} FROM rules WHERE tenant_id = @t ORDER BY id", new { t = tenantId.ToString() }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<Result<RuleRecord>> UpdateAsync(Rule rule, int expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var args = new
        {
            t = rule.TenantId.ToString(), id = rule.Id, name = rule.Name, enabled = rule.Enabled ? 1 : 0, definition = Definition(rule),
            expected = expectedVersion, now = now.ToUnixTimeMilliseconds(),
        };
        try
        {
            var row = await c.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
                $"""
                UPDATE rules SET name = @name, enabled = @enabled, definition = @definition, version = version + 1, updated_at = @now
                WHERE tenant_id = @t AND id = @id AND version = @expected RETURNING {Columns}
                """, args, cancellationToken: ct)).ConfigureAwait(false);
            if (row is not null) return ToRecord(row);
        }
        catch (Exception e) when (db.IsUniqueViolation(e))
        {
            return DuplicateName(rule.Name);
        }
        var current = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT version FROM rules WHERE tenant_id = @t AND id = @id", args, cancellationToken: ct)).ConfigureAwait(false);
        return current is null
            ? CoreError.NotFound("rule")
            : CoreError.Conflict($"version {expectedVersion} is stale; the rule is at version {current}", "version");
    }

    public async Task<IReadOnlyDictionary<string, SegmentState>?> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var states = await ReadStatesAsync(c, tx, tenantId, id, ct).ConfigureAwait(false);
        var deleted = await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rules WHERE tenant_id = @t AND id = @id", new { t = tenantId.ToString(), id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return deleted == 0 ? null : states;
    }

    public async Task<IReadOnlyDictionary<string, SegmentState>> GetStatesAsync(Guid tenantId, long ruleId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await ReadStatesAsync(c, null, tenantId, ruleId, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RuleRuntime>> ListForEvaluationAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        const string Candidates = "enabled = 1 OR EXISTS (SELECT 1 FROM rule_segment_states s WHERE s.rule_id = rules.id)";
        var rules = (await c.QueryAsync<RuleRow>(new CommandDefinition(
            $"SELECT {Columns} FROM rules WHERE {Candidates} ORDER BY id", cancellationToken: ct)).ConfigureAwait(false)).ToList();
        var states = await c.QueryAsync<StateRow>(new CommandDefinition(
            $"SELECT rule_id, segment_key, state FROM rule_segment_states WHERE rule_id IN (SELECT id FROM rules WHERE {Candidates})",
            cancellationToken: ct)).ConfigureAwait(false);
        var byRule = states.GroupBy(s => s.rule_id).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.segment_key, ToState, StringComparer.Ordinal));
        return rules.Select(r => new RuleRuntime(ToRecord(r),
            byRule.TryGetValue(r.id, out var s) ? s : new Dictionary<string, SegmentState>(StringComparer.Ordinal))).ToList();
    }

    public async Task SaveEvaluationsAsync(IReadOnlyList<RuleStateUpdate> updates, CancellationToken ct)
    {
        if (updates.Count == 0) return;
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var u in updates)
        {
            var at = u.EvaluatedAt.ToUnixTimeMilliseconds();
            var args = new { t = u.TenantId.ToString(), id = u.RuleId, at };
            // The rule may have been deleted since it was loaded: then there is nothing to keep.
            var exists = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE rules SET last_evaluated_at = @at WHERE tenant_id = @t AND id = @id", args, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (exists == 0) continue;
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM rule_segment_states WHERE rule_id = @id", args, tx, cancellationToken: ct)).ConfigureAwait(false);
            foreach (var (key, state) in u.States)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO rule_segment_states (tenant_id, rule_id, segment_key, state, updated_at) VALUES (@t, @id, @key, @state, @at)",
                    new { t = args.t, id = u.RuleId, key, state = State(state), at }, tx, cancellationToken: ct)).ConfigureAwait(false);
            }
            await SqlRuleRenotifyStore.SyncAsync(c, tx, u, ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyDictionary<string, SegmentState>> ReadStatesAsync(DbConnection c, System.Data.Common.DbTransaction? tx, Guid tenantId, long ruleId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<StateRow>(new CommandDefinition(
            "SELECT rule_id, segment_key, state FROM rule_segment_states WHERE tenant_id = @t AND rule_id = @id",
            new { t = tenantId.ToString(), id = ruleId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.segment_key, ToState, StringComparer.Ordinal);
    }

    private static CoreError DuplicateName(string name) => CoreError.Conflict($"a rule named '{name}' already exists", "name");
}
