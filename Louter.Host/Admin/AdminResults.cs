namespace Louter.Host.Admin;

/// <summary>Admin API errors: <c>{"error":{"message":…}}</c>.</summary>
internal static class AdminResults
{
    public static IResult Error(int status, string message) =>
        Results.Json(new AdminError(new AdminErrorBody(message)), AdminJson.Writer.AdminError, statusCode: status);
}
