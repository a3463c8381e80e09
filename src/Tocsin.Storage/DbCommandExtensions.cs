using System.Data.Common;

namespace Tocsin.Storage;

/// <summary>The provider collections' <c>AddWithValue</c>, for code written against <see cref="DbCommand"/>.</summary>
public static class DbCommandExtensions
{
    public static DbParameter AddParameter(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }
}
