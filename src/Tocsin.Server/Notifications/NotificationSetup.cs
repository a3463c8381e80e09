using System.ComponentModel.DataAnnotations;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Workers;
using Tocsin.Storage.Sql.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>Registers notification delivery (#4): options from <c>Tocsin:Notifications:*</c> validated now, stores, senders, worker.</summary>
public static class NotificationSetup
{
    public static IServiceCollection AddTocsinNotifications(this IServiceCollection services, IConfiguration config)
    {
        var delivery = Bind<DeliveryOptions>(config, DeliveryOptions.SectionName);
        var retry = Bind<RetryOptions>(config, "Tocsin:Notifications:Retry");
        var stormOptions = Bind<StormGuardOptions>(config, StormGuardOptions.SectionName);
        var network = Bind<AddressGuardOptions>(config, AddressGuardOptions.SectionName);
        if (AddressGuard.ValidateOptions(network) is { Count: > 0 } networkErrors)
            throw new InvalidOperationException($"{AddressGuardOptions.SectionName}: {string.Join("; ", networkErrors)}");
        var webhook = Bind<WebhookOptions>(config, WebhookOptions.SectionName);
        var slack = Bind<SlackOptions>(config, SlackOptions.SectionName);
        // SMTP and SMS are optional: validated only once configured; until then their deliveries fail naming the setting.
        var smtp = config.GetSection(SmtpOptions.SectionName).Get<SmtpOptions>() ?? new SmtpOptions();
        if (!string.IsNullOrEmpty(smtp.Host)) Validate(smtp, SmtpOptions.SectionName);
        var sms = config.GetSection(SmsOptions.SectionName).Get<SmsOptions>() ?? new SmsOptions();
        if (!string.IsNullOrEmpty(sms.AccountSid)) Validate(sms, SmsOptions.SectionName);

        services.AddSingleton(delivery).AddSingleton(retry).AddSingleton(stormOptions).AddSingleton(network)
            .AddSingleton(webhook).AddSingleton(slack).AddSingleton(smtp).AddSingleton(sms);
        services.AddSingleton<INotificationSettingsStore, SqlNotificationSettingsStore>();
        services.AddSingleton<IInboxStore, SqlInboxStore>();
        services.AddSingleton<IDeliveryStore, SqlDeliveryStore>();
        services.AddSingleton<NotificationSettingsService>();
        services.AddSingleton<NotificationTemplates>();
        services.AddSingleton(sp => new AddressGuard(sp.GetRequiredService<AddressGuardOptions>()));
        services.AddSingleton(sp => new StormGuardTable(new StormGuard(sp.GetRequiredService<StormGuardOptions>())));
        services.AddSingleton(sp => new RetrySchedule(sp.GetRequiredService<RetryOptions>()));
        services.AddSingleton<InboxHub>();
        services.AddKeyedSingleton(nameof(NotificationHttp), (sp, _) => NotificationHttp.CreateClient(sp.GetRequiredService<AddressGuard>()));
        services.AddSingleton<ISender>(sp => new WebhookSender(Http(sp), sp.GetRequiredService<WebhookOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISender>(sp => new SlackSender(Http(sp), sp.GetRequiredService<SlackOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISender>(sp => sp.GetRequiredService<SmtpOptions>() is { Host.Length: > 0 } o
            ? new EmailSender(o)
            : new UnconfiguredSender(ChannelKind.Email, $"email is not configured ({SmtpOptions.SectionName}:Host)"));
        services.AddSingleton<ISender>(sp => sp.GetRequiredService<SmsOptions>() is { AccountSid.Length: > 0 } o
            ? new SmsSender(Http(sp), o, sp.GetRequiredService<TimeProvider>())
            : new UnconfiguredSender(ChannelKind.Sms, $"SMS is not configured ({SmsOptions.SectionName}:AccountSid)"));
        services.AddSingleton<ISender>(sp => sp.GetRequiredService<SmsOptions>() is { AccountSid.Length: > 0 } o
            ? new VoiceSender(Http(sp), o, sp.GetRequiredService<TimeProvider>())
            : new UnconfiguredSender(ChannelKind.Voice, $"voice is not configured ({SmsOptions.SectionName}:AccountSid)"));
        services.AddSingleton<ISender, InAppSender>();
        services.AddSingleton<NotificationSettingsCache>();
        services.AddSingleton<DeliveryRunner>();
        services.AddSingleton<DeliveryWakeup>();
        services.AddSingleton<IOutboxCommitListener>(sp => sp.GetRequiredService<DeliveryWakeup>());
        services.AddHostedService<DeliveryWorker>();
        services.AddSingleton<IRenotifyStore, SqlRenotifyStore>();
        services.AddSingleton<RenotifyRunner>();
        services.AddHostedService<RenotifyWorker>();
        return services;
    }

    private static HttpClient Http(IServiceProvider sp) => sp.GetRequiredKeyedService<HttpClient>(nameof(NotificationHttp));

    private static T Bind<T>(IConfiguration config, string section) where T : class, new()
    {
        var options = config.GetSection(section).Get<T>() ?? new T();
        Validate(options, section);
        return options;
    }

    /// <summary>Data-annotation checks at start-up, so a bad value stops the server instead of a page at 3 a.m.</summary>
    private static void Validate(object options, string section)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            throw new InvalidOperationException($"{section}: {string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)} {r.ErrorMessage}"))}");
    }
}
