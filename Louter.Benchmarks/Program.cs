using BenchmarkDotNet.Running;
using Louter.Benchmarks.Load;

if (args.Length > 0 && args[0] == "alloc-profile") return await Louter.Benchmarks.Micro.AllocationProfile.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "load") return await LoadCommand.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
