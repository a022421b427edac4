using Louter.Host.Cli;
using Louter.Host.Hosting;

StartupReporter.ProcessStart = System.Diagnostics.Stopwatch.GetTimestamp();
return await LouterCli.RunAsync(args, Console.Out, Console.Error);
