namespace Louter.Tests.Support;

internal static class TaskGuards
{
    /// <summary>
    /// Awaits a condition the test is waiting for, failing instead of hanging the run if it never
    /// comes. Not a delay: it returns as soon as the task completes.
    /// </summary>
    public static Task Within(this Task task, int seconds = 30) =>
        task.WaitAsync(TimeSpan.FromSeconds(seconds), Xunit.TestContext.Current.CancellationToken);

    public static Task<T> Within<T>(this Task<T> task, int seconds = 30) =>
        task.WaitAsync(TimeSpan.FromSeconds(seconds), Xunit.TestContext.Current.CancellationToken);
}
