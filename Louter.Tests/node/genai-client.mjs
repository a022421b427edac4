// Drives the official @google/genai SDK against Louter and prints one JSON object of results.
// Usage: node genai-client.mjs BASE_URL MODEL
import { GoogleGenAI } from '@google/genai';

const [baseUrl, model] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey: 'test-key-not-forwarded', httpOptions: { baseUrl } });
const out = {};

const reply = await ai.models.generateContent({
  model,
  contents: 'Hello from genai',
  config: { systemInstruction: 'be brief', temperature: 0.2 },
});
out.text = reply.text;
out.usage = reply.usageMetadata;

let streamed = '';
let chunks = 0;
for await (const chunk of await ai.models.generateContentStream({ model, contents: 'alpha beta gamma' })) {
  streamed += chunk.text ?? '';
  chunks++;
}
out.streamed = streamed;
out.chunks = chunks;

out.tokens = (await ai.models.countTokens({ model, contents: 'count these tokens please' })).totalTokens;

const pager = await ai.models.list({ config: { pageSize: 10 } });
out.models = [];
for await (const m of pager) out.models.push(m.name);

console.log(JSON.stringify(out));
