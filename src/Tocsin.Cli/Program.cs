using System.CommandLine;
using Tocsin.Cli.Commands;

var root = new RootCommand("Tocsin: self-hosted alerting and on-call server")
{
    ServeCommand.Create(),
    EventCommands.Create(),
    AlertCommands.Create(),
    KeyCommands.Create(),
};
return await root.Parse(args).InvokeAsync();
