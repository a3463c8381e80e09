using System.Text.Json;
using System.Text.Json.Nodes;
using System.Data.Common;
using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sql;

/// <summary>Column list, row reader and parameter binding for the alerts table, shared by reads and the write session.</summary>
internal static class SqlAlertRows
{
    public const string Columns =
        "id, tenant_id, number, title, details, source, source_id, dedup_key, priority, severity, status, labels, tags, links, images, meta, " +
        "count, first_seen_at, last_seen_at, created_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, " +
        "archived_at, archived_by, assignee_user_id, responders, parent_id";

    /// <summary>How many columns <see cref="Columns"/> names: a query's own columns after them start at this ordinal.</summary>
    public static readonly int ColumnCount = Columns.Split(',').Length;

    public static Alert Read(DbDataReader r)
    {
        var alert = Alert.Restore(
            Guid.Parse(r.GetString(1)), r.GetString(3), AlertStatusNames.Parse(r.GetString(10)), (int)r.GetInt64(16),
            Time(r.GetInt64(17)), Time(r.GetInt64(18)), Time(r.GetInt64(19)), Time(r.GetInt64(20)),
            r.IsDBNull(7) ? null : r.GetString(7));
        alert.Id = r.GetInt64(0);
        alert.Number = r.GetInt64(2);
        alert.Details = r.IsDBNull(4) ? null : r.GetString(4);
        alert.Source = r.IsDBNull(5) ? null : r.GetString(5);
        alert.SourceId = r.IsDBNull(6) ? null : r.GetInt64(6);
        alert.Priority = PriorityNames.Parse(r.GetString(8));
        alert.Severity = (int)r.GetInt64(9);
        alert.Labels = JsonSerializer.Deserialize(r.GetString(11), StorageJson.Default.DictionaryStringString) ?? [];
        alert.Tags = JsonSerializer.Deserialize(r.GetString(12), StorageJson.Default.ListString) ?? [];
        alert.Links = JsonSerializer.Deserialize(r.GetString(13), StorageJson.Default.ListAlertLink) ?? [];
        alert.Images = JsonSerializer.Deserialize(r.GetString(14), StorageJson.Default.ListAlertImage) ?? [];
        alert.Meta = r.IsDBNull(15) ? null : JsonNode.Parse(r.GetString(15)) as JsonObject;
        alert.RestoreLifecycle(
            NullableTime(r, 21), NullableActor(r, 22), NullableTime(r, 23), NullableActor(r, 24), NullableTime(r, 25), NullableActor(r, 26));
        alert.AssigneeUserId = r.IsDBNull(27) ? null : r.GetInt64(27);
        alert.Responders = JsonSerializer.Deserialize(r.GetString(28), StorageJson.Default.ListResponder) ?? [];
        alert.ParentId = r.IsDBNull(29) ? null : r.GetInt64(29);
        alert.AcceptChanges();
        return alert;
    }

    /// <summary>
    /// Sets every column but id/tenant/number on the command's existing @name parameters (the write session creates
    /// them once per command, so binding a row allocates no parameter objects).
    /// </summary>
    public static void Bind(DbCommand cmd, Alert a)
    {
        cmd.Set("@title", a.Title);
        cmd.Set("@details", a.Details);
        cmd.Set("@source", a.Source);
        cmd.Set("@source_id", a.SourceId);
        cmd.Set("@dedup_key", a.DedupKey);
        cmd.Set("@priority", a.Priority.ToWire());
        cmd.Set("@severity", a.Severity);
        cmd.Set("@status", a.Status.ToWire());
        cmd.Set("@labels", JsonSerializer.Serialize(a.Labels, StorageJson.Default.DictionaryStringString));
        cmd.Set("@tags", JsonSerializer.Serialize(a.Tags, StorageJson.Default.ListString));
        cmd.Set("@links", JsonSerializer.Serialize(a.Links, StorageJson.Default.ListAlertLink));
        cmd.Set("@images", JsonSerializer.Serialize(a.Images, StorageJson.Default.ListAlertImage));
        cmd.Set("@meta", a.Meta?.ToJsonString());
        cmd.Set("@count", a.Count);
        cmd.Set("@first_seen_at", a.FirstSeenAt.ToUnixTimeMilliseconds());
        cmd.Set("@last_seen_at", a.LastSeenAt.ToUnixTimeMilliseconds());
        cmd.Set("@created_at", a.CreatedAt.ToUnixTimeMilliseconds());
        cmd.Set("@updated_at", a.UpdatedAt.ToUnixTimeMilliseconds());
        cmd.Set("@acknowledged_at", a.AcknowledgedAt?.ToUnixTimeMilliseconds());
        cmd.Set("@acknowledged_by", a.AcknowledgedBy?.ToString());
        cmd.Set("@resolved_at", a.ResolvedAt?.ToUnixTimeMilliseconds());
        cmd.Set("@resolved_by", a.ResolvedBy?.ToString());
        cmd.Set("@archived_at", a.ArchivedAt?.ToUnixTimeMilliseconds());
        cmd.Set("@archived_by", a.ArchivedBy?.ToString());
        cmd.Set("@assignee_user_id", a.AssigneeUserId);
        cmd.Set("@responders", JsonSerializer.Serialize(a.Responders, StorageJson.Default.ListResponder));
        cmd.Set("@parent_id", a.ParentId);
    }


    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));

    private static Actor? NullableActor(DbDataReader r, int i) => r.IsDBNull(i) ? null : Actor.Parse(r.GetString(i));
}
