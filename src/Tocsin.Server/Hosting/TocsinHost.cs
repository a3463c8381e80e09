using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.Events;
using Tocsin.Server.Api.Metrics;
using Tocsin.Server.Api.Rules;
using Tocsin.Server.Api.Routing;
using Tocsin.Core.Routing;
using Tocsin.Storage.Sql.Routing;
using Tocsin.Server.Api.Tenancy;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Api.Escalation;
using Tocsin.Server.Api.Sources;
using Tocsin.Server.Api.Notifications;
using Tocsin.Server.Notifications;
using Tocsin.Server.Workers;
using Tocsin.Core.OnCall;
using Tocsin.Core.Escalation;
using Tocsin.Storage.Sql.OnCall;
using Tocsin.Server.Auth;
using Tocsin.Server.Dialects.PagerTree;
using Tocsin.Server.Dialects.Ilert;
using Tocsin.Server.Dialects.Prometheus;
using Tocsin.Server.Dialects.Genesys;
using Tocsin.Server.Dialects.Ibm;
using Tocsin.Server.Dialects.Twilio;
using Tocsin.Server.WebConsole;
using Tocsin.Core.Metrics;
using Tocsin.Core.Rules;
using Tocsin.Storage;
using Tocsin.Storage.Sql;

namespace Tocsin.Server.Hosting;

/// <summary>Builds the one Tocsin process: configuration, services, and the whole HTTP surface in one place.</summary>
public static class TocsinHost
{
    /// <summary>
    /// Configuration comes from appsettings.json, an optional <c>--config</c> file, <c>TOCSIN_</c> environment variables
    /// (<c>TOCSIN_Tocsin__Storage__DataDir</c> or the short <c>TOCSIN_DATA_DIR</c>, <c>TOCSIN_DB</c>, <c>TOCSIN_CONNECTION</c>) and the
    /// command line, later wins.
    /// <paramref name="configureServices"/> lets tests swap the clock.
    /// </summary>
    public static WebApplication Build(TocsinStartOptions start, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile("appsettings.json", optional: true);
        if (start.ConfigFile is not null) builder.Configuration.AddJsonFile(Path.GetFullPath(start.ConfigFile), optional: false);
        builder.Configuration.AddEnvironmentVariables("TOCSIN_");
        var overrides = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("TOCSIN_DATA_DIR") is { Length: > 0 } envDir) overrides["Tocsin:Storage:DataDir"] = envDir;
        if (start.DataDir is not null) overrides["Tocsin:Storage:DataDir"] = start.DataDir;
        if (Environment.GetEnvironmentVariable("TOCSIN_DB") is { Length: > 0 } envDb) overrides["Tocsin:Storage:Provider"] = envDb;
        if (Environment.GetEnvironmentVariable("TOCSIN_CONNECTION") is { Length: > 0 } envConnection) overrides["Tocsin:Storage:ConnectionString"] = envConnection;
        if (start.Db is not null) overrides["Tocsin:Storage:Provider"] = start.Db;
        if (start.Connection is not null) overrides["Tocsin:Storage:ConnectionString"] = start.Connection;
        if (start.Urls is not null) overrides["urls"] = start.Urls;
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.SetMinimumLevel(start.Quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Logging.AddFilter("Tocsin.Server.Auth", LogLevel.Warning);

        var storage = builder.Configuration.GetSection("Tocsin:Storage").Get<StorageOptions>() ?? new StorageOptions();
        var services = builder.Services;
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => Database.Create(storage));
        services.AddSingleton((builder.Configuration.GetSection("Tocsin:Cluster").Get<ClusterOptions>() ?? new ClusterOptions()).Validated());
        services.AddSingleton<Tocsin.Storage.Sql.Cluster.SqlNodeStore>();
        services.AddSingleton<Tocsin.Server.Cluster.ClusterMembership>();
        services.AddHostedService(sp => sp.GetRequiredService<Tocsin.Server.Cluster.ClusterMembership>());
        services.AddSingleton<Tocsin.Server.Cluster.ClusterBus>();
        services.AddHostedService(sp => sp.GetRequiredService<Tocsin.Server.Cluster.ClusterBus>());
        services.AddSingleton<IAlertCommitListener>(sp => sp.GetRequiredService<Tocsin.Server.Cluster.ClusterBus>());
        services.AddSingleton<Tocsin.Server.Cluster.MetricReplicator>();
        services.AddHostedService(sp => sp.GetRequiredService<Tocsin.Server.Cluster.MetricReplicator>());
        services.AddSingleton<IAlertStore, SqlAlertStore>();
        services.AddSingleton<ITenantStore, SqlTenantStore>();
        services.AddSingleton<AlertWriter>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<IUserStore, SqlUserStore>();
        services.AddSingleton<ITeamStore, SqlTeamStore>();
        services.AddSingleton<IScheduleStore, SqlScheduleStore>();
        services.AddSingleton<IEscalationPolicyStore, SqlEscalationPolicyStore>();
        services.AddSingleton<IAlertSourceStore, SqlAlertSourceStore>();
        services.AddSingleton<IMaintenanceWindowStore, SqlMaintenanceWindowStore>();
        services.AddSingleton<IEscalationStore, SqlEscalationStore>();
        services.AddSingleton<IConfigVersions, SqlConfigVersions>();
        services.AddSingleton<EscalationDirectoryLoader>();
        services.AddSingleton<AlertEscalation>();
        services.AddSingleton<DirectoryService>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<EscalationPolicyService>();
        services.AddSingleton<AlertPeopleService>();
        services.AddSingleton<EscalationRunner>();
        services.AddSingleton<PagerTreeAlerts>();
        services.AddSingleton<IRouterStore, SqlRouterStore>();
        services.AddSingleton<RouterService>();
        services.AddSingleton<PagerTreeDirectory>();
        services.AddSingleton((builder.Configuration.GetSection("Tocsin:Escalation").Get<EscalationOptions>() ?? new EscalationOptions()).Validated());
        services.AddHostedService<EscalationWorker>();
        services.AddSingleton<IAutoResolveStore, SqlAutoResolveStore>();
        services.AddSingleton<AutoResolveRunner>();
        services.AddHostedService<AutoResolveWorker>();
        services.AddSingleton<IRetentionStore, SqlRetentionStore>();
        services.AddSingleton((builder.Configuration.GetSection("Tocsin:Retention").Get<RetentionOptions>() ?? new RetentionOptions()).Validated());
        services.AddSingleton<RetentionRunner>();
        services.AddHostedService<RetentionWorker>();
        services.AddSingleton(new SeriesStore(builder.Configuration.GetSection("Tocsin:Metrics").Get<SeriesStoreOptions>() ?? new SeriesStoreOptions()));
        services.AddSingleton<ISeriesReader>(sp => sp.GetRequiredService<SeriesStore>());
        // Flex pushes samples named by its metric ids (#9); they are stored under the flex.* names its rules read.
        services.AddSingleton(new MetricNameAliases(TwilioMapping.Metrics));
        services.AddSingleton<IRuleStore, SqlRuleStore>();
        services.AddSingleton<RuleService>();
        // #7: IBM EVENT alerts count committed events in memory.
        services.AddSingleton<RuleEventCounter>();
        services.AddSingleton<IAlertCommitListener>(sp => sp.GetRequiredService<RuleEventCounter>());
        services.AddSingleton<IRuleRenotifyStore, SqlRuleRenotifyStore>();
        services.AddSingleton<RuleRenotifyRunner>();
        services.AddSingleton<RuleEvaluationRunner>();
        services.AddOptions<RuleEvaluationOptions>().BindConfiguration("Tocsin:Rules")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Tocsin:Rules:PollInterval must be positive").ValidateOnStart();
        services.AddHostedService<SeriesSnapshotService>();
        services.AddHostedService<RuleEvaluationWorker>();
        services.AddSingleton<SqlGenesysStore>();
        services.AddSingleton<GenesysOAuth>();
        services.AddSingleton<GenesysAlerting>();
        services.AddSingleton<ITwilioStore, SqlTwilioStore>();
        services.AddSingleton<TwilioNotifier>();
        services.AddHostedService<TwilioNotifierWorker>();
        services.AddTocsinNotifications(builder.Configuration);
        services.AddTocsinAuth();
        services.AddIbmAuth();
        services.AddIlert();
        services.AddAlertStream();
        services.AddProblemDetails();
        services.AddRoutingCore();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Tocsin API";
            doc.Info.Description = "Native alerting and on-call API. Authenticate with Authorization: Bearer <API key>.";
            return Task.CompletedTask;
        }));
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, OnCallJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(RuleJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(MetricJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(RouterJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(2, NotificationJson.Default);
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseExceptionHandler(e => e.Run(async context =>
        {
            // Unexpected failures are logged in full and answered without internals.
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is BadHttpRequestException bad)
            {
                await ApiProblems.Problem(bad.StatusCode, "Bad request", bad.Message, "body").ExecuteAsync(context);
                return;
            }
            await ApiProblems.Problem(500, "Internal error", "the server failed to process the request; it was logged", null).ExecuteAsync(context);
        }));
        app.UseStatusCodePages();
        app.UseConsoleFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealth();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Tocsin API v1");
        });

        var api = app.MapGroup("/api/v1");
        api.MapAlerts();
        api.MapAlertStream();
        api.MapEvents();
        api.MapTenancy();
        api.MapUsers();
        api.MapTeams();
        api.MapSchedules();
        api.MapEscalationPolicies();
        api.MapAlertPeople();
        api.MapSources();
        api.MapMaintenanceWindows();
        api.MapMetrics();
        api.MapRules();
        api.MapGenesysOAuthClients();
        api.MapNotificationChannels();
        api.MapContactMethods();
        api.MapTemplates();
        api.MapInbox();
        api.MapAlertNotifications();
        app.MapPrometheus();
        app.MapPagerTree();
        app.MapGenesys();
        app.MapIbm();
        api.MapTwilioInstances();
        app.MapTwilio();
        app.MapIlert();
        api.MapRouters();
        Tocsin.Server.Cluster.ClusterEndpoints.MapCluster(api);
        app.MapPagerTreeDirectory();
        app.MapConsole();
        app.MapPeerMetrics();
        return app;
    }

    /// <summary>Migrates the database and, on an empty one, creates the default tenant; returns a new admin key to print once.</summary>
    public static async Task<string?> InitializeAsync(WebApplication app, string? adminKey, CancellationToken ct)
    {
        await app.Services.GetRequiredService<Database>().MigrateAsync(ct);
        return await app.Services.GetRequiredService<TenantService>().BootstrapAsync(string.IsNullOrEmpty(adminKey) ? null : adminKey, ct);
    }

    private static void MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthDto("ok"))).WithTags("Health").WithSummary("The process is up");
        app.MapGet("/readyz", async (Database db, CancellationToken ct) => await db.PingAsync(ct)
                ? Results.Ok(new HealthDto("ready"))
                : ApiProblems.Problem(503, "Not ready", "the database is not reachable", null))
            .WithTags("Health").WithSummary("The database is reachable");
    }
}

public sealed record HealthDto(string Status);

/// <summary>What <c>tocsin serve</c> passes in; null means "from configuration".</summary>
public sealed record TocsinStartOptions(string? Urls = null, string? DataDir = null, string? ConfigFile = null, bool Quiet = false,
    string? Db = null, string? Connection = null);
