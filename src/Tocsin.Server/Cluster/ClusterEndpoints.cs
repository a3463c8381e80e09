using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;
using Tocsin.Storage;
using Tocsin.Storage.Sql.Cluster;

namespace Tocsin.Server.Cluster;

public sealed record ClusterNodeDto(string Id, string Name, string? Url, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Alive, bool Self);

public sealed record ClusterDto(string Database, string Self, IReadOnlyList<ClusterNodeDto> Nodes);

internal static class ClusterEndpoints
{
    public static RouteGroupBuilder MapCluster(this RouteGroupBuilder api)
    {
        api.MapGet("/cluster", GetAsync).Returns<ClusterDto>(200).WithTags("Cluster").RequireAuthorization(Permission.Admin)
            .WithSummary("The nodes sharing this database, with their last heartbeat");
        return api;
    }

    private static async Task<IResult> GetAsync(SqlNodeStore nodes, ClusterMembership membership, ClusterOptions cluster, Database db,
        TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var list = (await nodes.ListAsync(ct)).Select(n => new ClusterNodeDto(n.Id, n.Name, n.Url, n.Version, n.StartedAt, n.HeartbeatAt,
            membership.IsAlive(n.HeartbeatAt, now), n.Id == cluster.NodeId)).ToList();
        return TypedResults.Ok(new ClusterDto(db.Provider.ToString().ToLowerInvariant(), cluster.NodeId, list));
    }
}
