using BenchmarkDotNet.Running;

// `load` runs the load-test harness (Load/); anything else goes to BenchmarkDotNet's switcher (Micro/),
// e.g. `-- --filter '*'` or `-- --filter '*Router*' --job short`.
if (args.Length > 0 && args[0] == "load") return await Louter.Benchmarks.Load.LoadCommand.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
