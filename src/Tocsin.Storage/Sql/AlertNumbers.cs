using System.Data.Common;

namespace Tocsin.Storage.Sql;

/// <summary>
/// Hands out per-tenant alert numbers (the human "#123"). On SQLite each number is taken inside the write transaction,
/// so numbers have no gaps. On a shared server the writer reserves a block of <see cref="SharedBlock"/> numbers in one
/// auto-committed statement and hands them out locally: one round trip and one commit per block instead of per alert,
/// and the tenant row is locked for one statement, not for a batch. The price, as with any sequence: a restart or a
/// rolled-back batch leaves a gap, and with several nodes numbers are unique but not in creation order across nodes.
/// </summary>
/// <remarks>Used only by the single alert writer of a process, so it needs no locking.</remarks>
internal sealed class AlertNumbers(int blockSize)
{
    public const int SharedBlock = 50;

    /// <summary>Reserves <c>@n</c> numbers for tenant <c>@t</c> and returns the last of them.</summary>
    /// <remarks>SQLite reads the counter back with a second statement rather than RETURNING: see <see cref="SqlAlertWriteSession.InsertAsync"/>.</remarks>
    public static string ReserveSql(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? "UPDATE tenants SET alert_seq = alert_seq + @n WHERE id = @t; SELECT alert_seq FROM tenants WHERE id = @t"
        : "UPDATE tenants SET alert_seq = alert_seq + @n WHERE id = @t RETURNING alert_seq";

    private readonly Dictionary<Guid, (long Next, long Last)> _blocks = [];

    public async ValueTask<long> NextAsync(DbCommand reserve, Guid tenantId, CancellationToken ct)
    {
        if (_blocks.TryGetValue(tenantId, out var block) && block.Next <= block.Last)
        {
            _blocks[tenantId] = block with { Next = block.Next + 1 };
            return block.Next;
        }
        reserve.Set("@t", tenantId.ToString());
        reserve.Set("@n", blockSize);
        var last = Convert.ToInt64(await reserve.ExecuteScalarAsync(ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"tenant {tenantId} does not exist"));
        var first = last - blockSize + 1;
        _blocks[tenantId] = (first + 1, last);
        return first;
    }
}
