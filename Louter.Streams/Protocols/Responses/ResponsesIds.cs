using System.Security.Cryptography;

namespace Louter.Streams.Protocols.Responses;

/// <summary>Ids in OpenAI's style: a type prefix and 48 hex digits (resp_…, msg_…, fc_…, ctc_…, rs_…).</summary>
public static class ResponsesIds
{
    public static string New(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
