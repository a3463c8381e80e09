using System.CommandLine;
using Spectre.Console;
using Tocsin.Cli.Commands;

// Piped output (grep, files) should not wrap table cells at 80 columns.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;

var root = new RootCommand("Tocsin: self-hosted alerting and on-call server")
{
    ServeCommand.Create(),
    EventCommands.Create(),
    AlertCommands.Create(),
    KeyCommands.Create(),
    MigrateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
