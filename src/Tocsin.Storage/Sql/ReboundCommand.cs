using System.Data.Common;
using System.Text.RegularExpressions;

namespace Tocsin.Storage.Sql;

/// <summary>
/// A command created once and executed many times with new values: one parameter object per distinct <c>@name</c> in
/// its text, created with the command; an execution only sets their values (<see cref="Set"/>).
/// </summary>
/// <remarks>
/// Never replace the parameter objects of such a command (<c>Parameters.Clear()</c> and add again). Once Npgsql has
/// prepared a command (automatic preparation, "Max Auto Prepare", counts as prepared too), later executions skip the
/// parsing of its text and bind the parameter objects it found then; objects added afterwards are ignored, so every
/// execution would silently reuse the values of the execution that prepared it (npgsql/npgsql#3850). That is how new
/// alerts overwrote one escalation row instead of inserting their own once the statement had run five times.
/// Re-created parameters also cost more than setting values (~35 per alert insert).
/// </remarks>
internal static partial class ReboundCommand
{
    public static DbCommand Create(DbConnection connection, string sql, DbTransaction? tx = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var name in ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            cmd.AddParameter(name, null);
        return cmd;
    }

    /// <summary>
    /// Sets parameter <paramref name="name"/> (null is SQL NULL). A prepared statement keeps the parameter types it was
    /// prepared with and Npgsql does not check them again on a prepared command, so a value of another type than the
    /// last one (say <c>int</c> after <c>long</c>) makes the command parse again, where Npgsql re-prepares if it must.
    /// </summary>
    public static void Set(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.Parameters[name];
        value ??= DBNull.Value;
        if (p.Value is { } old && old is not DBNull && value is not DBNull && old.GetType() != value.GetType())
            cmd.CommandText = cmd.CommandText; // the setter drops Npgsql's preparation of the command, not the server's statement
        p.Value = value;
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterName();
}
