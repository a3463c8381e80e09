using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Api;

/// <summary>
/// The group-commit writer: a failing command loses only its own writes, whether it ran alone in its transaction
/// (no savepoint) or next to others (the batch, first run without savepoints, is rolled back and runs again with one
/// savepoint per command).
/// </summary>
public sealed class AlertWriterIsolationTests
{
    [Fact]
    public async Task LoneCommand_FailsAfterWriting_NothingOfItIsKept()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Original");
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();

        await Should.ThrowAsync<InvalidOperationException>(() => writer.ExecuteAsync<bool>(async w =>
        {
            var alert = (await w.Session.GetAsync(tenant, id, default))!;
            alert.Title = "Half-written";
            await w.Session.UpdateAsync(alert, default);
            throw new InvalidOperationException("fails after its write");
        }, default));

        (await TitleAsync(app, id)).ShouldBe("Original");
        (await app.TriggerAsync("Next")).ShouldBeGreaterThan(id, "the writer goes on after a failed lone command");
    }

    [Fact]
    public async Task BatchedCommands_OneFails_TheOthersCommit()
    {
        await using var app = await TocsinApp.StartAsync();
        var a = await app.TriggerAsync("A");
        var b = await app.TriggerAsync("B");
        var c = await app.TriggerAsync("C");
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();

        Task<bool> Rename(long id, string title, bool fail) => writer.ExecuteAsync(async w =>
        {
            var alert = (await w.Session.GetAsync(tenant, id, default))!;
            alert.Title = title;
            await w.Session.UpdateAsync(alert, default);
            if (fail) throw new InvalidOperationException("fails after its write");
            return true;
        }, default);

        // Twice: the first batch runs without savepoints and is re-run with them; after a throw the next batches start
        // with savepoints. Either way only the thrower's write is undone.
        foreach (var round in new[] { "2", "3" })
        {
            var (first, failing, third) = await writer.AsOneBatchAsync(
                () => Rename(a, "A" + round, fail: false), () => Rename(b, "B" + round, fail: true), () => Rename(c, "C" + round, fail: false));

            (await first).ShouldBeTrue();
            await Should.ThrowAsync<InvalidOperationException>(() => failing);
            (await third).ShouldBeTrue();
            (await TitleAsync(app, a)).ShouldBe("A" + round);
            (await TitleAsync(app, b)).ShouldBe("B", "the failed command's write was rolled back");
            (await TitleAsync(app, c)).ShouldBe("C" + round);
        }
    }

    // On PostgreSQL writes that answer nothing are queued and sent at the end of their command, so a write the database
    // rejects fails there; these check it still fails only its own command, alone or in a batch.
    [Fact]
    public async Task LoneCommand_RejectedByTheDatabase_NothingOfItIsKept()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Original");
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();

        var e = await Should.ThrowAsync<Exception>(() => RenameThenWriteOrphan(writer, tenant, id, "Half-written", orphan: true));

        e.ShouldBeAssignableTo<System.Data.Common.DbException>();
        (await TitleAsync(app, id)).ShouldBe("Original");
        (await app.TriggerAsync("Next")).ShouldBeGreaterThan(id, "the writer goes on after a failed lone command");
    }

    [Fact]
    public async Task BatchedCommands_OneRejectedByTheDatabase_TheOthersCommit()
    {
        await using var app = await TocsinApp.StartAsync();
        var a = await app.TriggerAsync("A");
        var b = await app.TriggerAsync("B");
        var c = await app.TriggerAsync("C");
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();

        // The rejected one goes last: no later command's statement sends its queued write before the batch ends.
        var (first, second, failing) = await writer.AsOneBatchAsync(
            () => RenameThenWriteOrphan(writer, tenant, a, "A2", orphan: false),
            () => RenameThenWriteOrphan(writer, tenant, c, "C2", orphan: false),
            () => RenameThenWriteOrphan(writer, tenant, b, "B2", orphan: true));

        (await first).ShouldBeTrue();
        (await second).ShouldBeTrue();
        (await Should.ThrowAsync<Exception>(() => failing)).ShouldBeAssignableTo<System.Data.Common.DbException>();
        (await TitleAsync(app, a)).ShouldBe("A2");
        (await TitleAsync(app, b)).ShouldBe("B", "the rejected command's rename was rolled back");
        (await TitleAsync(app, c)).ShouldBe("C2");
        var timeline = (await (await app.Client.GetAsync($"/api/v1/alerts/{a}/timeline")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray();
        timeline.ShouldContain(t => t!["text"]!.GetValue<string>() == "renamed", "a neighbour's own timeline row is kept");
    }

    /// <summary>Renames the alert and writes a timeline row; with <paramref name="orphan"/> the row names an alert that does not exist.</summary>
    private static Task<bool> RenameThenWriteOrphan(AlertWriter writer, Guid tenant, long id, string title, bool orphan) => writer.ExecuteAsync(async w =>
    {
        var alert = (await w.Session.GetAsync(tenant, id, default))!;
        alert.Title = title;
        await w.Session.UpdateAsync(alert, default);
        await w.Session.AppendTimelineAsync(tenant,
            new TimelineEntry(0, orphan ? long.MaxValue : id, TimelineTypes.Comment, w.Now, Actor.System, "renamed", null), default);
        return true;
    }, default);

    private static async Task<string> TitleAsync(TocsinApp app, long id) =>
        (await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK))!["title"]!.GetValue<string>();
}
