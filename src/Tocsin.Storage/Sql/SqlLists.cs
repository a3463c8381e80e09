using System.Globalization;
using Dapper;

namespace Tocsin.Storage.Sql;

/// <summary>
/// "x IN (...)" with one parameter per value. Dapper's own <c>IN @list</c> expansion is skipped for Npgsql, which passes
/// the list as one array parameter instead, and "IN $1" is a syntax error; this form reads the same on both databases.
/// </summary>
internal static class SqlLists
{
    /// <summary>Adds <paramref name="values"/> as @name0, @name1... and returns "(@name0, @name1, ...)"; never call with no values.</summary>
    public static string In<T>(DynamicParameters parameters, string name, IReadOnlyList<T> values)
    {
        if (values.Count == 0) throw new ArgumentException("an IN list needs at least one value", nameof(values));
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + name + i.ToString(CultureInfo.InvariantCulture);
            parameters.Add(names[i], values[i]);
        }
        return "(" + string.Join(", ", names) + ")";
    }
}
